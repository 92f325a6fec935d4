// US goods trade: the identities the Census data must satisfy, checked on the shipped files.

import Foundation
import PolicyData
import QueryEngine
import Testing

@Suite struct TradeTests {
    let dataset = DatasetFixture.dataset
    static let caftaMembers: Set<String> = ["CRI", "DOM", "SLV", "GTM", "HND", "NIC"]

    @Test(arguments: ["us_trade", "us_trade_aggregates"])
    func exportsMinusImportsIsBalance(table name: String) throws {
        let t = try dataset.table(name)
        let x = DatasetFixture.doubles(t, "us_exports_usd_mn")
        let m = DatasetFixture.doubles(t, "us_imports_usd_mn")
        let b = DatasetFixture.doubles(t, "us_balance_usd_mn")
        #expect(!x.isEmpty)
        for i in 0..<t.rowCount {
            let (e, im, bal) = (try #require(x[i]), try #require(m[i]), try #require(b[i]))
            #expect(abs(e - im - bal) <= 0.1 + 1e-9, "\(name) row \(i): \(e) − \(im) ≠ \(bal)")
        }
    }

    @Test func caftaMembersSumToCensusAggregate() throws {
        let trade = try dataset.table("us_trade")
        let agg = try dataset.table("us_trade_aggregates")
        let iso = DatasetFixture.strings(trade, "iso3")
        let years = DatasetFixture.ints(trade, "year")
        let aggCodes = DatasetFixture.strings(agg, "census_code")
        let aggYears = DatasetFixture.ints(agg, "year")
        var checkedYears = 0
        for flow in ["us_exports_usd_mn", "us_imports_usd_mn", "us_balance_usd_mn"] {
            let values = DatasetFixture.doubles(trade, flow)
            let aggValues = DatasetFixture.doubles(agg, flow)
            var sums: [Int: (Double, Int)] = [:]
            for i in 0..<trade.rowCount where Self.caftaMembers.contains(iso[i] ?? "") {
                let y = try #require(years[i])
                let s = sums[y] ?? (0, 0)
                sums[y] = (s.0 + (values[i] ?? .nan), s.1 + 1)
            }
            for j in 0..<agg.rowCount where aggCodes[j] == "0017" {
                let y = try #require(aggYears[j])
                let (sum, members) = try #require(sums[y], "no CAFTA-DR members in \(y)")
                #expect(members == 6, "\(y): \(members) CAFTA-DR members")
                let total = try #require(aggValues[j])
                #expect(abs(sum - total) <= 0.3 + 1e-9, "\(flow) \(y): members sum \(sum) vs CAFTA-DR \(total)")
                checkedYears += 1
            }
        }
        #expect(checkedYears == 30)  // 3 flows × 2015–2024
    }

    @Test func tenYearsForEveryPartner() throws {
        let t = try dataset.table("us_trade")
        var perPartner: [String: Set<Int>] = [:]
        for (code, year) in zip(DatasetFixture.strings(t, "iso3"), DatasetFixture.ints(t, "year")) {
            perPartner[code ?? "", default: []].insert(year ?? 0)
        }
        #expect(perPartner.count == 33 + 12 + 2)
        for (code, years) in perPartner { #expect(years == Set(2015...2024), "\(code)") }
        #expect(dataset.info("us_trade")?.years == [2015, 2024])
    }
}
