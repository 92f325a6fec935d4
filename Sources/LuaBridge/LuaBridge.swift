// LuaBridge module
