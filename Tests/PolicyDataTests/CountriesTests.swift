// The countries table: membership of the LAC list, references from every other table, and
// gaps that must really be null.

import Foundation
@testable import PolicyData
@testable import QueryEngine
import Testing

@Suite struct CountriesTests {
    let dataset = DatasetFixture.dataset

    /// The 33 sovereign LAC states as listed in data/raw/SOURCES.md.
    static let lacSovereign: Set<String> = Set(("ATG ARG BHS BRB BLZ BOL BRA CHL COL CRI CUB DMA DOM ECU SLV GRD GTM "
        + "GUY HTI HND JAM MEX NIC PAN PRY PER KNA LCA VCT SUR TTO URY VEN").split(separator: " ").map(String.init))

    func value(_ iso3: String, _ column: String) throws -> Value {
        let t = try dataset.table("countries")
        let row = try #require(DatasetFixture.rowsBy(t, "iso3")[iso3], "\(iso3) not in countries")
        return try #require(t.column(column), "no column \(column)")[row]
    }

    @Test func thirtyThreeSovereignStates() throws {
        let t = try dataset.table("countries")
        let iso = DatasetFixture.strings(t, "iso3")
        let group = DatasetFixture.strings(t, "group")
        let sovereign = Set(zip(iso, group).filter { $0.1 == "lac_sovereign" }.compactMap { $0.0 })
        #expect(sovereign == Self.lacSovereign)
        for code in ["USA", "CAN", "CHN"] { #expect(try value(code, "group") == .string("context")) }
        for code in ["ABW", "CUW", "FLK", "GUF"] { #expect(try value(code, "is_territory") == .bool(true)) }
    }

    /// Two documented exceptions: m49_lac_areas is the whole UN M49 list of the region (wider
    /// than countries by design), and the trade tables keep the Netherlands Antilles (ANT, a
    /// partner until 2011 whose code ISO withdrew), which countries cannot describe.
    @Test func everyIso3InEveryTableIsACountry() throws {
        let known = Set(DatasetFixture.strings(try dataset.table("countries"), "iso3").compactMap { $0 })
        let former: [String: Set<String>] = ["us_trade": ["ANT"], "us_trade_monthly": ["ANT"]]
        for name in dataset.tableNames where dataset.info(name)?.column("iso3") != nil && name != "m49_lac_areas" {
            let t = try dataset.table(name)
            for (row, code) in DatasetFixture.strings(t, "iso3").enumerated() {
                guard let code else { continue }
                #expect(known.contains(code) || former[name]?.contains(code) == true, "\(name) row \(row): iso3 \(code) is not in countries")
            }
        }
    }

    @Test func subregionsAreTheThreeUNIntermediateRegions() throws {
        let t = try dataset.table("countries")
        let lac = DatasetFixture.strings(t, "group").map { $0 != "context" }
        let sub = DatasetFixture.strings(t, "un_subregion")
        #expect(Set(zip(lac, sub).filter(\.0).compactMap(\.1)) == ["Caribbean", "Central America", "South America"])
        #expect(try value("MEX", "un_subregion") == .string("Central America"))
    }

    @Test func localNamesAndAliasesComeFromRawFiles() throws {
        #expect(try value("MEX", "local_name") == .string("México"))
        #expect(try value("PER", "local_name") == .string("Perú"))
        // No Portuguese name in the raw files: documented gap, the Spanish form is an alias.
        #expect(try value("BRA", "local_name") == .null)
        guard case .string(let aliases) = try value("BRA", "aliases") else { Issue.record("BRA aliases"); return }
        #expect(aliases.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.contains("Brasil"))
        #expect(dataset.info("countries")?.gaps.contains { $0.contains("local_name is null") && $0.contains("BRA") } == true)
    }

    @Test func documentedGapsAreNull() throws {
        // Venezuela is unclassified by the World Bank in the latest year: null, and documented.
        #expect(try value("VEN", "income_group") == .null)
        #expect(dataset.info("countries")?.gaps.contains { $0.contains("income_group") && $0.contains("VEN") } == true)
        // The membership facts cover sovereign LAC states only.
        #expect(try value("CAN", "us_fta") == .null)
        #expect(try value("ABW", "recognizes_taiwan") == .null)
    }

    @Test func membershipFactsAsPublished() throws {
        #expect(try value("PAN", "bri_exited") == .date(CivilDate(iso: "2025-05-04")!.days))
        #expect(try value("COL", "bri_joined") == .date(CivilDate(iso: "2025-05-14")!.days))
        #expect(try value("GTM", "recognizes_taiwan") == .bool(true))
        #expect(try value("HND", "recognizes_taiwan") == .bool(false))
        #expect(try value("MEX", "us_fta_agreement") == .string("USMCA"))
        #expect(try value("CHL", "oecd_accession_year") == .int(2010))
        #expect(try value("BRA", "g20_member") == .bool(true))
    }

    @Test func incomeHistoryEndsWhereVenezuelaWasLastClassified() throws {
        let t = try dataset.table("income_groups")
        let iso = DatasetFixture.strings(t, "iso3")
        let years = DatasetFixture.ints(t, "year")
        let venYears = zip(iso, years).filter { $0.0 == "VEN" }.compactMap(\.1)
        #expect(venYears.max() == 2019)
        #expect(dataset.info("income_groups")?.years?.last == 2024)
    }
}
