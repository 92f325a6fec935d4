-- A Hemi plugin is a LuaRocks rock: its files install under hemi/plugins/NAME of the tree's
-- Lua folder, where hemi looks (HEMI_ROCKS_TREE, default ~/.local/share/hemi/rocks).
--   luarocks --tree ~/.local/share/hemi/rocks make      (from this folder)
--   luarocks --tree ~/.local/share/hemi/rocks install hemi-plugin-percapita --server=<folder>
rockspec_format = "3.0"
package = "hemi-plugin-percapita"
version = "0.1.0-1"
source = { url = "file://." }
description = {
  summary = "GDP per person from the economy table (Hemi tutorial plugin)",
  license = "MIT",
}
dependencies = {}
build = {
  type = "none",
  install = {
    lua = {
      ["hemi.plugins.percapita.init"] = "init.lua",
    },
  },
}
