// US goods trade: the identities the Census data must satisfy, checked on the shipped files
// (us_trade, us_trade_monthly, the aggregates), and against the raw files where they are present.

import Foundation
@testable import PolicyData
@testable import QueryEngine
import Testing

@Suite struct TradeTests {
    let dataset = DatasetFixture.dataset
    static let caftaMembers: Set<String> = ["CRI", "DOM", "SLV", "GTM", "HND", "NIC"]
    static let flows = ["us_exports_usd_mn", "us_imports_usd_mn", "us_balance_usd_mn"]

    /// One row of a trade table: its key and its three flows.
    struct Row { let code: String; let year: Int; let month: Int?; let x: Double; let m: Double; let b: Double }

    static func rows(_ t: Table, code: String) throws -> [Row] {
        let c = DatasetFixture.strings(t, code), y = DatasetFixture.ints(t, "year")
        let mo = t.column("month") == nil ? nil : DatasetFixture.ints(t, "month")
        let (x, m, b) = (DatasetFixture.doubles(t, flows[0]), DatasetFixture.doubles(t, flows[1]), DatasetFixture.doubles(t, flows[2]))
        return try (0..<t.rowCount).map { i in
            Row(code: try #require(c[i]), year: try #require(y[i]), month: try mo.map { try #require($0[i]) },
                x: try #require(x[i]), m: try #require(m[i]), b: try #require(b[i]))
        }
    }

    @Test(arguments: ["us_trade", "us_trade_aggregates", "us_trade_monthly", "us_trade_aggregates_monthly"])
    func exportsMinusImportsIsBalance(table name: String) throws {
        let rows = try Self.rows(try dataset.table(name), code: name.contains("aggregates") ? "census_code" : "iso3")
        #expect(rows.count > 400)
        for r in rows {
            #expect(abs(r.x - r.m - r.b) <= 0.11 + 1e-9, "\(name) \(r.code) \(r.year)-\(r.month ?? 0): \(r.x) − \(r.m) ≠ \(r.b)")
        }
    }

    /// The months of a partner-year (or group-year) sum to its annual row within Census rounding,
    /// and a complete year has all its months.
    @Test(arguments: [("us_trade", "us_trade_monthly", "iso3"), ("us_trade_aggregates", "us_trade_aggregates_monthly", "census_code")])
    func monthsSumToTheYear(annual: String, monthly: String, code: String) throws {
        let years = try Self.rows(try dataset.table(annual), code: code)
        let months = try Self.rows(try dataset.table(monthly), code: code)
        let coveredColumn = DatasetFixture.ints(try dataset.table(annual), "months_covered")
        var sums: [String: (x: Double, m: Double, n: Int)] = [:]
        for r in months { let k = "\(r.code) \(r.year)"; let s = sums[k] ?? (0, 0, 0); sums[k] = (s.x + r.x, s.m + r.m, s.n + 1) }
        for (i, r) in years.enumerated() {
            let s = try #require(sums["\(r.code) \(r.year)"], "\(annual) \(r.code) \(r.year) has no months")
            #expect(abs(s.x - r.x) <= 0.6 && abs(s.m - r.m) <= 0.6, "\(r.code) \(r.year): months \(s.x)/\(s.m) vs year \(r.x)/\(r.m)")
            #expect(s.n == coveredColumn[i], "\(r.code) \(r.year): \(s.n) months, months_covered \(String(describing: coveredColumn[i]))")
        }
        // Every month but those of the newest, partial year belongs to a year of the annual table.
        let annualKeys = Set(years.map { "\($0.code) \($0.year)" })
        #expect(Set(months.filter { $0.year < 2026 }.map { "\($0.code) \($0.year)" }) == annualKeys)
    }

    @Test func caftaMembersSumToTheAggregateEveryMonth() throws {
        let trade = try Self.rows(try dataset.table("us_trade_monthly"), code: "iso3")
        let agg = try Self.rows(try dataset.table("us_trade_aggregates_monthly"), code: "census_code").filter { $0.code == "0017" }
        var sums: [Int: (x: Double, m: Double, members: Int)] = [:]
        for r in trade where Self.caftaMembers.contains(r.code) {
            let k = r.year * 100 + r.month!
            let s = sums[k] ?? (0, 0, 0)
            sums[k] = (s.x + r.x, s.m + r.m, s.members + 1)
        }
        #expect(agg.count == 21 * 12 + 8)  // January 2005 to August 2026
        for a in agg {
            let s = try #require(sums[a.year * 100 + a.month!], "no CAFTA-DR members in \(a.year)-\(a.month!)")
            #expect(s.members == 6, "\(a.year)-\(a.month!): \(s.members) members")
            #expect(abs(s.x - a.x) <= 0.3 && abs(s.m - a.m) <= 0.3, "\(a.year)-\(a.month!): members \(s.x)/\(s.m) vs CAFTA-DR \(a.x)/\(a.m)")
        }
    }

    /// 2015–2024 equal, to the last digit, what us_trade held before the monthly files: the
    /// transcription of Census's annual columns in the raw annual CSV.
    @Test(.enabled(if: DatasetFixture.rawAvailable, "../shared/data/raw is not present: skipped"))
    func twentyFifteenToTwentyTwentyFourEqualTheEarlierTranscription() throws {
        let text = try String(contentsOf: DatasetFixture.rawDirectory
            .appendingPathComponent("census-trade-by-country/us_goods_trade_by_partner_annual.csv"), encoding: .utf8)
        var old: [String: [Double]] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            old[(f[3] == "aggregate" ? f[1] : f[0]) + " " + f[4]] = try f[5...7].map { try #require(Double($0)) }
        }
        #expect(old.count == 602)
        var new: [String: [Double]] = [:]
        for (name, code) in [("us_trade", "iso3"), ("us_trade_aggregates", "census_code")] {
            for r in try Self.rows(try dataset.table(name), code: code) where (2015...2024).contains(r.year) {
                new["\(r.code) \(r.year)"] = [r.x, r.m, r.b]
            }
        }
        #expect(new == old)
    }

    /// Within a partner's first and last month, every month is there, except the years DATA.md
    /// names as not reported (the Falkland Islands in 1993).
    @Test func noGapInsideAPartnersRunOfMonths() throws {
        let rows = try Self.rows(try dataset.table("us_trade_monthly"), code: "iso3")
        var months: [String: [Int]] = [:]
        for r in rows { months[r.code, default: []].append(r.year * 12 + r.month! - 1) }
        let documented: [String: ClosedRange<Int>] = ["FLK": (1993 * 12)...(1993 * 12 + 11)]
        #expect(months.count == 33 + 12 + 2 + 1)
        for (code, list) in months {
            let sorted = list.sorted()
            let expected = Set(sorted.first!...sorted.last!).subtracting(documented[code].map { Set($0) } ?? [])
            #expect(Set(sorted) == expected && sorted.count == expected.count, "\(code): months missing inside its run")
        }
        let gaps = try #require(dataset.info("us_trade_monthly")?.gaps.joined(separator: " "))
        #expect(gaps.contains("FLK in 1991, 1993"))
        // Everyone's run ends at the newest month but the Netherlands Antilles', which ends in April 2011.
        for (code, list) in months {
            #expect(list.max() == (code == "ANT" ? 2011 * 12 + 3 : 2026 * 12 + 7), "\(code) ends elsewhere")
        }
        #expect(months["CUW"]?.min() == 2011 * 12 + 4 && months["SXM"]?.min() == 2011 * 12 + 4)
    }

    @Test func theDateIsTheFirstDayOfTheMonth() throws {
        let t = try dataset.table("us_trade_monthly")
        let y = DatasetFixture.ints(t, "year"), m = DatasetFixture.ints(t, "month")
        let d = try #require(t.column("date"))
        for i in stride(from: 0, to: t.rowCount, by: 97) {
            #expect(d.values[i].description == String(format: "%04d-%02d-01", y[i]!, m[i]!))
        }
    }

    @Test func annualYearsAreCompleteAndMonthlyRunToAugust2026() throws {
        #expect(dataset.info("us_trade")?.years == [1991, 2025])
        #expect(dataset.info("us_trade_aggregates")?.years == [1991, 2025])
        #expect(dataset.info("us_trade_monthly")?.years == [1991, 2026])
        #expect(dataset.vintage.hasPrefix("Census 1991–2025, monthly to 2026-08, "))
        let t = try dataset.table("us_trade")
        var perPartner: [String: Set<Int>] = [:]
        for (code, year) in zip(DatasetFixture.strings(t, "iso3"), DatasetFixture.ints(t, "year")) {
            perPartner[code ?? "", default: []].insert(year ?? 0)
        }
        #expect(perPartner["MEX"] == Set(1991...2025) && perPartner["CHN"] == Set(1991...2025))
        #expect(perPartner["ANT"] == Set(1991...2011))
        #expect(perPartner["CUW"] == Set(2011...2025))
        #expect(perPartner["NIC"] == Set(1992...2025))
        #expect(perPartner["FLK"] == Set(1992...2025).subtracting([1993]))
    }

    @Test func groupsSayWhatTheyAreAndWhenTheyExist() throws {
        let t = try dataset.table("us_trade_groups")
        let codes = DatasetFixture.strings(t, "census_code"), members = DatasetFixture.strings(t, "members")
        let first = try #require(t.column("first_month")).values.map(\.description)
        let last = try #require(t.column("last_month")).values.map(\.description)
        let row = DatasetFixture.rowsBy(t, "census_code")
        let cafta = try #require(row["0017"])
        #expect(members[cafta] == "CRI; DOM; GTM; HND; NIC; SLV" && first[cafta] == "2005-01-01" && last[cafta] == "2026-08-01")
        let nafta = try #require(row["0005"]), usmca = try #require(row["0021"])
        #expect(first[nafta] == "1994-01-01" && last[nafta] == "2020-06-01")
        #expect(first[usmca] == "2020-07-01" && last[usmca] == "2026-08-01")
        #expect(Set(codes.compactMap { $0 }).count == 15)
        for d in DatasetFixture.strings(t, "definition") { #expect((d ?? "").count > 30) }
    }
}
