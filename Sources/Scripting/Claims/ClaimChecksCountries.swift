// Claims about the countries of the region, their income groups and US trade agreements
// (ferrero2024), checked on `countries`, `income_groups`, `agreements` and `agreement_members`.

enum ClaimChecksCountries {
    static let source = #"""
    local define, util = __hemi_claim_define, __hemi_claim_util
    local hemi = hemi
    local SOVEREIGN = "group == 'lac_sovereign'"

    -- Which territories belong to "Latin America and the Caribbean" is a definition; the
    -- countries table lists only the territories some raw file covers, so it cannot count them.
    define("countries_47", function(claim)
      local rows = hemi.table("countries"):filter("is_lac"):group("group"):agg{ countries = "count()" }:sort("group")
      local n = {}
      for r in rows:rows() do n[r.group] = r.countries end
      return {
        computed = nil,
        reason = ("the dataset lists %d sovereign states and %d territories (%d), but only the territories the "
          .. "Census trade or WDI remittance files cover: it is no full list of LAC territories, so their number "
          .. "cannot be counted from it"):format(n.lac_sovereign, n.lac_territory, n.lac_sovereign + n.lac_territory),
        method = "countries, rows with is_lac, by group",
        rows = rows,
      }
    end)

    -- "Now": the classification published in the claim's year, i.e. July of that year, for the
    -- previous GNI reference year.
    define("middle_income_28", function(claim)
      local ref = claim.year - 1
      local rows = hemi.table("countries"):filter(SOVEREIGN):select("iso3", "name")
        :left_join(hemi.table("income_groups"):filter(("year == %d"):format(ref)):select("iso3", "income_group"), "iso3")
        :sort("income_group, iso3")
      local by_group = {}
      for r in rows:rows() do
        local g = r.income_group or "unclassified"
        by_group[g] = by_group[g] or {}
        table.insert(by_group[g], r.iso3)
      end
      local function n(g) return by_group[g] and #by_group[g] or 0 end
      local upper, lower = n("Upper-middle-income countries"), n("Lower-middle-income countries")
      return {
        computed = upper + lower,
        reason = ("World Bank classification for GNI year %d (released July %d): %d upper-middle and %d lower-middle "
          .. "income, %d high income, %d low income, unclassified: %s"):format(ref, claim.year, upper, lower,
          n("High-income countries"), n("Low-income countries"), table.concat(by_group.unclassified or { "none" }, ", ")),
        method = ("income_groups, GNI reference year %d, joined to the 33 sovereign LAC states of countries"):format(ref),
        rows = rows,
      }
    end)

    define("fta_network_10", function(claim)
      local in_force = hemi.table("agreements"):filter("status == 'in_force'"):select("agreement_id", "name")
      local rows = hemi.table("agreement_members"):filter("role == 'partner'"):select("agreement_id", "iso3")
        :join(in_force, "agreement_id")
        :join(hemi.table("countries"):filter(SOVEREIGN):select("iso3", "name"), "iso3", { suffix = "_country" })
        :sort("agreement_id, iso3")
      local agreements = in_force:count()
      return {
        computed = agreements,
        reason = ("%d agreements are in force (%s) with %d LAC states (%s)"):format(
          agreements, table.concat(in_force:sort("agreement_id"):column("agreement_id"), ", "),
          rows:count(), table.concat(rows:sort("iso3"):column("iso3"), ", ")),
        method = "agreements with status in_force, and their partners among the 33 sovereign LAC states (agreement_members)",
        rows = rows,
      }
    end)
    """#
}
