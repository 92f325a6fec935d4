-- 05 · Border encounters by citizenship, against income group and democracy score.
--
--   hemi examples/05-encounters.lua [fiscal_year]
--
-- Data: cbp_encounters (CBP, encounters = events, not people; all three land border regions
-- summed), countries.income_group (World Bank, GNI year 2024), governance_eiu (EIU Democracy
-- Index 0-10, same calendar year as the fiscal year) and economy.population (WDI).
-- Scope: the LAC citizenships CBP names separately; CBP lumps the rest into OTHER.

local fy = tonumber(arg and arg[1]) or 2024

local encounters = hemi.table("cbp_encounters")
  :filter(("fiscal_year == %d and iso3 is not nil"):format(fy))
  :group("iso3"):agg{ encounters = "sum(encounter_count)" }

-- Venezuela has had no World Bank classification since GNI year 2019: say so, not NULL.
local lac = hemi.table("countries"):filter("group == 'lac_sovereign'")
  :derive{ income = "coalesce(income_group, 'unclassified')" }
  :select("iso3", "name", "income")
local eiu = hemi.table("governance_eiu"):filter(("year == %d"):format(fy)):select("iso3", "eiu_democracy_score")
local population = hemi.table("economy"):filter(("year == %d"):format(fy)):select("iso3", "population")

local by_country = encounters
  :join(lac, "iso3")
  :left_join(eiu, "iso3")
  :left_join(population, "iso3")
  :derive{ per_1000 = "round(1000 * encounters / population, 1)", eiu = "eiu_democracy_score" }
  :sort("encounters desc")

print(("CBP encounters in fiscal year %d by citizenship (LAC states CBP names separately)"):format(fy))
by_country:select("name", "income", "eiu", "encounters", "per_1000"):show()

-- By income group: does the flow come from the poorest countries?
print("By World Bank income group")
by_country:group("income")
  :agg{ countries = "count()", encounters = "sum(encounters)", population = "sum(population)" }
  :derive{ per_1000 = "round(1000 * encounters / population, 1)" }
  :sort("encounters desc")
  :select("income", "countries", "encounters", "per_1000")
  :show()

-- By democracy score, in bands of two points (EIU's own categories break at 4, 6 and 8).
local bands = hemi.from_rows{
  { band = 0, regime = "0-4 (authoritarian)" }, { band = 2, regime = "0-4 (authoritarian)" },
  { band = 4, regime = "4-6 (hybrid)" }, { band = 6, regime = "6-8 (flawed democracy)" },
  { band = 8, regime = "8-10 (full democracy)" },
}
print(("By EIU democracy score, %d"):format(fy))
by_country
  :filter("eiu is not nil")
  :derive{ band = "floor(eiu / 2) * 2" }
  :join(bands, "band")
  :group("regime"):agg{ countries = "count()", encounters = "sum(encounters)", population = "sum(population)" }
  :derive{ per_1000 = "round(1000 * encounters / population, 1)" }
  :sort("regime")
  :select("regime", "countries", "encounters", "per_1000")
  :show()

by_country:bar("per_1000", { label = "name", title = ("Encounters per 1,000 residents, FY%d"):format(fy), unit = "per 1,000" })

local function grouped(x)
  return (("%d"):format(x):reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", ""))
end
local named = by_country:agg{ n = "sum(encounters)" }:value("n")
local all = hemi.table("cbp_encounters"):filter(("fiscal_year == %d"):format(fy)):agg{ n = "sum(encounter_count)" }:value("n")
print(("\nThese %d citizenships account for %s of FY%d's %s encounters (%.1f%%)."):format(
  by_country:count(), grouped(named), fy, grouped(all), 100 * named / all))
print("Fiscal years run October to September; population and EIU scores are for the calendar year.")
