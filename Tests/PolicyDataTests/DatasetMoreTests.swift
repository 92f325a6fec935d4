// Resources, migration, governance, agreements and claims tables: the properties an analyst
// relies on, checked on the bundled dataset (PolicyDataset.bundled()).

import Foundation
@testable import PolicyData
@testable import QueryEngine
import Testing

@Suite struct DatasetMoreTests {
    let dataset: PolicyDataset

    init() throws { dataset = try PolicyDataset.bundled() }

    // MARK: helpers (private: the test target shares one module with other suites)

    private static func text(_ t: Table, _ column: String) -> [String?] {
        (t.column(column)?.values ?? []).map { if case .string(let s) = $0 { return s } else { return nil } }
    }

    private static func number(_ t: Table, _ column: String) -> [Double?] {
        (t.column(column)?.values ?? []).map(\.doubleValue)
    }

    private static func int(_ t: Table, _ column: String) -> [Int?] {
        (t.column(column)?.values ?? []).map { if case .int(let i) = $0 { return Int(i) } else { return nil } }
    }

    private func countryCodes() throws -> Set<String> {
        Set(Self.text(try dataset.table("countries"), "iso3").compactMap { $0 })
    }

    /// ../shared/data/raw next to the repository (found from this file's path).
    private static let rawDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/raw")

    private static var rawAvailable: Bool {
        FileManager.default.fileExists(atPath: rawDirectory.appendingPathComponent("seed-articles/claims.csv").path)
    }

    // MARK: keys resolve

    static let countryKeyed = ["minerals", "oil_reserves_opec", "oil_reserves_bp", "oil_reserves_opec_2025_secondary",
                               "cbp_encounters", "governance_eiu", "governance_vdem", "governance_vdem_extract",
                               "agreement_members", "event_countries"]

    @Test(arguments: countryKeyed)
    func everyISO3ResolvesToACountry(table name: String) throws {
        let codes = try countryCodes()
        let t = try dataset.table(name)
        #expect(t.rowCount > 0, "\(name) is empty")
        let unknown = Set(Self.text(t, "iso3").compactMap { $0 }).subtracting(codes)
        #expect(unknown.isEmpty, "\(name): iso3 not in countries: \(unknown.sorted())")
    }

    // MARK: resources

    @Test(arguments: ["lithium", "copper"])
    func reserveSharesAreConsistentAndSumToAtMostAHundred(commodity: String) throws {
        let t = try dataset.table("minerals")
        let commodities = Self.text(t, "commodity"), measures = Self.text(t, "measure")
        let values = Self.number(t, "value_tonnes"), world = Self.number(t, "world_total_tonnes")
        let shares = Self.number(t, "share_of_world_pct"), years = Self.int(t, "year")
        var sum = 0.0, rows = 0
        for i in 0..<t.rowCount where commodities[i] == commodity && measures[i] == "reserves" {
            let share = try #require(shares[i], "\(commodity) reserves row \(i) has no share")
            let value = try #require(values[i]), total = try #require(world[i])
            #expect(abs(share - value / total * 100) < 1e-9, "row \(i): share \(share) ≠ \(value)/\(total)")
            #expect(years[i] == 2024, "USGS MCS 2025 reserves are 2024 figures, row \(i) says \(String(describing: years[i]))")
            sum += share
            rows += 1
        }
        #expect(rows >= 6)
        #expect(sum > 0 && sum <= 100, "\(commodity) reserve shares sum to \(sum)%")
    }

    @Test func lithiumReservesOfTheLatinAmericanProducers() throws {
        // USGS MCS 2025 reserves (metric tons of Li): Argentina 4,000,000, Brazil 390,000, Chile 9,300,000; world 30,000,000.
        let t = try dataset.table("minerals")
        let iso = Self.text(t, "iso3"), c = Self.text(t, "commodity"), m = Self.text(t, "measure")
        let v = Self.number(t, "value_tonnes")
        var got: [String: Double] = [:]
        for i in 0..<t.rowCount where c[i] == "lithium" && m[i] == "reserves" { got[iso[i] ?? ""] = v[i] ?? .nan }
        #expect(got["ARG"] == 4_000_000 && got["BRA"] == 390_000 && got["CHL"] == 9_300_000)
        #expect(got["BOL"] == nil, "Bolivia is not listed with reserves in MCS 2025")
    }

    @Test func oilSeriesAreSeparateTablesWithOneSourceAndVintageEach() throws {
        let expected = ["oil_reserves_opec": ("opec_asb2023", [1960, 2022]),
                        "oil_reserves_bp": ("bp_sr2021", [1980, 2020]),
                        "oil_reserves_opec_2025_secondary": ("opec_asb2026_secondary", [2025, 2025])]
        var vintages: Set<String> = []
        for (name, (source, years)) in expected {
            let info = try #require(dataset.info(name), "no table \(name)")
            #expect(info.source == source)
            #expect(info.columns.allSatisfy { $0.source == source }, "\(name) mixes sources")
            #expect(info.years == years, "\(name) years \(String(describing: info.years))")
            let v = Set(Self.text(try dataset.table(name), "vintage").map { $0 ?? "<null>" })
            #expect(v.count == 1, "\(name) has vintages \(v.sorted())")
            vintages.formUnion(v)
        }
        #expect(vintages.count == 3)
        // Units differ by series and are stated, never converted into one column.
        #expect(dataset.info("oil_reserves_opec")?.column("proven_crude_reserves_mb")?.unit == "million barrels")
        #expect(dataset.info("oil_reserves_bp")?.column("oil_reserves_bn_barrels")?.unit == "thousand million barrels")
    }

    @Test func opecBlockTotalsEqualTheSumOfTheirRows() throws {
        // OPEC's own aggregates: OECD Americas = CAN + CHL + MEX + USA; Latin America = its five
        // countries + "Others (Latin America)", in every year 1960–2022.
        let countries = try dataset.table("oil_reserves_opec")
        let regions = try dataset.table("oil_reserves_opec_regions")
        var sums: [String: Double] = [:]
        let blocks = Self.text(countries, "opec_block"), years = Self.int(countries, "year")
        let values = Self.number(countries, "proven_crude_reserves_mb")
        for i in 0..<countries.rowCount {
            sums["\(blocks[i] ?? "")/\(years[i] ?? 0)", default: 0] += try #require(values[i], "row \(i) has no value")
        }
        var regional: [String: Double] = [:]
        for (i, name) in Self.text(regions, "region").enumerated() {
            regional["\(name ?? "")/\(Self.int(regions, "year")[i] ?? 0)"] = Self.number(regions, "proven_crude_reserves_mb")[i]
        }
        var checked = 0
        for year in 1960...2022 {
            for block in ["OECD Americas", "Latin America"] {
                let total = try #require(regional["\(block)/\(year)"], "no \(block) row for \(year)")
                let others = block == "Latin America" ? try #require(regional["Others (Latin America)/\(year)"]) : 0
                let sum = try #require(sums["\(block)/\(year)"], "no \(block) countries in \(year)")
                #expect(abs(sum + others - total) < 1e-6, "\(block) \(year): rows sum to \(sum + others), OPEC says \(total)")
                checked += 1
            }
        }
        #expect(checked == 2 * 63)
    }

    @Test func guyanaHasNoOilReservesRowAndTheGapIsDocumented() throws {
        for name in ["oil_reserves_opec", "oil_reserves_bp", "oil_reserves_opec_2025_secondary"] {
            #expect(!Self.text(try dataset.table(name), "iso3").contains("GUY"), "\(name) has a Guyana row")
        }
        let gaps = (dataset.info("oil_reserves_opec")?.gaps ?? []) + (dataset.info("oil_reserves_bp")?.gaps ?? [])
        #expect(gaps.filter { $0.contains("Guyana") }.count == 2)
    }

    // MARK: migration

    @Test func cbpEncountersCoverFY2020ToFY2025WithTheSourceTotals() throws {
        // Southwest Land Border totals stated in SOURCES.md section 5.
        let expected = [2020: 458_088, 2021: 1_734_686, 2022: 2_378_944, 2023: 2_475_669, 2024: 2_135_005, 2025: 443_671]
        let t = try dataset.table("cbp_encounters")
        let fy = Self.int(t, "fiscal_year"), region = Self.text(t, "land_border_region")
        let count = Self.int(t, "encounter_count")
        #expect(Set(fy.compactMap { $0 }) == Set(2020...2025))
        var southwest: [Int: Int] = [:]
        for i in 0..<t.rowCount where region[i] == "Southwest Land Border" {
            southwest[fy[i] ?? 0, default: 0] += try #require(count[i], "row \(i) has no count")
        }
        #expect(southwest == expected)
    }

    @Test func cbpKeepsTheCitizenshipLabelAndMapsOnlyCountries() throws {
        let t = try dataset.table("cbp_encounters")
        var pairs: [String: String?] = [:]
        for (label, iso) in zip(Self.text(t, "citizenship"), Self.text(t, "iso3")) { pairs.updateValue(iso, forKey: label ?? "<null>") }
        #expect(pairs.count == 22)
        #expect(pairs["CHINA, PEOPLES REPUBLIC OF"] == .some("CHN"))
        #expect(pairs["EL SALVADOR"] == .some("SLV"))
        #expect(pairs["OTHER"] == .some(nil))
    }

    // MARK: governance

    @Test func governanceTablesCarryVersionAndTheExtractIsFlagged() throws {
        for name in ["governance_eiu", "governance_vdem", "governance_vdem_extract"] {
            let versions = Self.text(try dataset.table(name), "version")
            #expect(!versions.isEmpty && versions.allSatisfy { $0 != nil }, "\(name) rows without a version")
        }
        let extract = try dataset.table("governance_vdem_extract")
        #expect(Self.text(extract, "provenance").allSatisfy { $0?.contains("third-party") == true })
        #expect(dataset.info("governance_vdem")?.years == [1789, 2022])
        let eiu = Self.number(try dataset.table("governance_eiu"), "eiu_democracy_score").compactMap { $0 }
        #expect(!eiu.isEmpty && eiu.allSatisfy { (0...10).contains($0) })
    }

    @Test func freedomHouseIsNotShipped() {
        let mentions = dataset.catalog.sources.filter {
            ($0.publisher + $0.title + $0.rawFiles.joined()).localizedCaseInsensitiveContains("freedom")
        }
        #expect(mentions.isEmpty, "Freedom House is non-commercial (DESIGN.md): \(mentions.map(\.id))")
    }

    // MARK: agreements, events, articles, claims

    @Test func agreementMembersResolve() throws {
        let agreements = try dataset.table("agreements")
        let ids = Set(Self.text(agreements, "agreement_id").compactMap { $0 })
        let members = try dataset.table("agreement_members")
        var byAgreement: [String: Set<String>] = [:]
        for (a, iso) in zip(Self.text(members, "agreement_id"), Self.text(members, "iso3")) {
            let a = try #require(a), iso = try #require(iso)
            #expect(ids.contains(a), "agreement_members names unknown agreement \(a)")
            byAgreement[a, default: []].insert(iso)
        }
        #expect(byAgreement["cafta_dr"] == ["USA", "CRI", "DOM", "SLV", "GTM", "HND", "NIC"])
        #expect(byAgreement["usmca"] == ["USA", "MEX", "CAN"])
        #expect(byAgreement["ftaa"] == nil, "a failed proposal has no members")
        var status: [String: String] = [:]
        for (a, s) in zip(Self.text(agreements, "agreement_id"), Self.text(agreements, "status")) { status[a ?? ""] = s }
        #expect(status["nafta"] == "superseded" && status["ftaa"] == "failed" && status["usmca"] == "in_force")
    }

    @Test(arguments: ["events", "claims"])
    func articleIdsResolve(table name: String) throws {
        let articles = Set(Self.text(try dataset.table("articles"), "article_id").compactMap { $0 })
        #expect(articles.count == 5)
        let cited = Set(Self.text(try dataset.table(name), "article_id").map { $0 ?? "<null>" })
        #expect(cited.isSubset(of: articles), "\(name) cites \(cited.subtracting(articles).sorted())")
    }

    @Test func chancayPortEventIsInPeruWithItsStatedAmount() throws {
        let t = try dataset.table("events")
        let i = try #require(Self.text(t, "event_id").firstIndex(of: "chancay_port"))
        #expect(Self.text(t, "countries")[i] == "PER")
        #expect(Self.number(t, "amount_usd_bn")[i] == 1.5)
        #expect(Self.text(t, "article_id")[i] == "ferrero2024")
    }

    // Needs ../shared/data/raw; disabled (reported as skipped) when it is absent.
    @Test(.enabled(if: rawAvailable, "../shared/data/raw is not present: claims.csv cannot be compared"))
    func claimsHoldTheRowsOfClaimsCSV() throws {
        let path = Self.rawDirectory.appendingPathComponent("seed-articles/claims.csv").path
        let raw = try CSVReader.read(path: path, options: CSVOptions(nullMarkers: [""], types: ["claimed_value": .float]))
        let claims = try dataset.table("claims")
        #expect(claims.rowCount == raw.rowCount)
        #expect(claims.columnNames == raw.columnNames)
        var shipped: [String: (String?, Double?)] = [:]
        for (i, id) in Self.text(claims, "claim_id").enumerated() {
            shipped[id ?? ""] = (Self.text(claims, "statement")[i], Self.number(claims, "claimed_value")[i])
        }
        for (i, id) in Self.text(raw, "claim_id").enumerated() {
            let row = try #require(shipped[id ?? ""], "claim \(String(describing: id)) missing")
            #expect(row.0 == Self.text(raw, "statement")[i], "claim \(String(describing: id)) statement differs")
            #expect(row.1 == Self.number(raw, "claimed_value")[i], "claim \(String(describing: id)) value differs")
        }
    }

    @Test func claimsAreUniqueAndTyped() throws {
        let claims = try dataset.table("claims")
        let ids = Self.text(claims, "claim_id").compactMap { $0 }
        #expect(ids.count == claims.rowCount && Set(ids).count == ids.count)
        #expect(dataset.info("claims")?.column("claimed_value")?.type == "float")
        #expect(Self.number(claims, "claimed_value").allSatisfy { $0 != nil })
    }
}
