// China trade (each reporter kept apart), Chinese finance and investment, and the economy
// table: the identities and documented gaps, checked on the shipped files.

import Foundation
@testable import PolicyData
@testable import QueryEngine
import Testing

@Suite struct ChinaAndEconomyTests {
    let dataset = DatasetFixture.dataset

    @Test func chinaTradeStatesTheReporterAndKeepsBothSidesForBrazil() throws {
        let t = try dataset.table("china_trade")
        let iso = DatasetFixture.strings(t, "iso3")
        let reporter = DatasetFixture.strings(t, "reporter")
        let source = DatasetFixture.strings(t, "source_id")
        let years = DatasetFixture.ints(t, "year")
        for i in 0..<t.rowCount {
            // Either the LAC country reported (Comtrade) or China did (Brazil only).
            if reporter[i] == "CHN" {
                #expect(iso[i] == "BRA" && source[i] == "china_customs_brazil", "row \(i)")
            } else {
                #expect(reporter[i] == iso[i] && source[i] == "un_comtrade", "row \(i)")
                #expect((2014...2024).contains(years[i] ?? 0), "row \(i): year \(years[i] ?? 0)")
            }
        }
        let brazil2023 = Set((0..<t.rowCount).filter { iso[$0] == "BRA" && years[$0] == 2023 }.compactMap { reporter[$0] })
        #expect(brazil2023 == ["BRA", "CHN"])
        for id in Set(source.compactMap { $0 }) { #expect(dataset.source(id) != nil, "source_id \(id)") }
    }

    @Test func haitiAndVenezuelaHaveNoChinaTradeRows() throws {
        let iso = Set(DatasetFixture.strings(try dataset.table("china_trade"), "iso3").compactMap { $0 })
        #expect(!iso.contains("HTI") && !iso.contains("VEN"))
        #expect(dataset.info("china_trade")?.gaps.first?.contains("HTI, VEN") == true)
    }

    @Test func chinaTradeTotalsAndBalancesAreDerivedConsistently() throws {
        let t = try dataset.table("china_trade")
        let m = DatasetFixture.doubles(t, "partner_imports_from_china_usd")
        let x = DatasetFixture.doubles(t, "partner_exports_to_china_usd")
        let total = DatasetFixture.doubles(t, "total_trade_usd")
        let balance = DatasetFixture.doubles(t, "partner_balance_usd")
        var bad: [Int] = []
        for i in 0..<t.rowCount {
            if let mi = m[i], let xi = x[i] {
                if abs((total[i] ?? .nan) - (mi + xi)) > 0.01 || abs((balance[i] ?? .nan) - (xi - mi)) > 0.01 { bad.append(i) }
            } else if total[i] != nil || balance[i] != nil { bad.append(i) }
        }
        #expect(bad.isEmpty, "rows \(bad.prefix(5))")
    }

    @Test func chinaFinanceYearsSumToTheTotalsExceptTheDocumentedPair() throws {
        let years = try dataset.table("china_finance")
        let totals = try dataset.table("china_finance_totals")
        var sums: [String: Double] = [:]
        for (code, v) in zip(DatasetFixture.strings(years, "iso3"), DatasetFixture.doubles(years, "commitments_usd_const2021")) {
            sums[code ?? "", default: 0] += v ?? 0
        }
        for (code, total) in zip(DatasetFixture.strings(totals, "iso3"), DatasetFixture.doubles(totals, "commitments_usd_bn_const2021")) {
            let code = try #require(code), total = try #require(total)
            let sum = (sums[code] ?? 0) / 1e9
            if ["ARG", "SUR"].contains(code) {
                #expect(sum < total * 0.7, "\(code): the documented difference disappeared; update the gap")
            } else {
                #expect(abs(sum - total) <= max(0.001 * total, 1e-6), "\(code): years sum \(sum) bn vs total \(total) bn")
            }
        }
        #expect(dataset.info("china_finance")?.years == [2000, 2021])
    }

    @Test func chinaInvestmentIsTheSouthAmericaSubset() throws {
        let t = try dataset.table("china_investment")
        #expect(t.rowCount == 139)
        let iso = Set(DatasetFixture.strings(t, "iso3").compactMap { $0 })
        #expect(iso == ["BRA", "PER", "ARG", "CHL", "ECU", "VEN", "COL", "GUY"])
        #expect(DatasetFixture.doubles(t, "amount_usd_mn").allSatisfy { ($0 ?? 0) >= 100 })
        #expect(DatasetFixture.ints(t, "month").allSatisfy { (1...12).contains($0 ?? 0) })
    }

    @Test func remittanceShareIsDerivedOnlyWhereBothFiguresExist() throws {
        let t = try dataset.table("economy")
        let gdp = DatasetFixture.doubles(t, "gdp_usd")
        let rem = DatasetFixture.doubles(t, "remittances_usd")
        let pct = DatasetFixture.doubles(t, "remittances_pct_gdp")
        var bad: [Int] = []
        for i in 0..<t.rowCount {
            if let g = gdp[i], let r = rem[i], g != 0 {
                if abs((pct[i] ?? .nan) - 100 * r / g) > 0.0001 { bad.append(i) }
            } else if pct[i] != nil { bad.append(i) }
        }
        #expect(bad.isEmpty, "rows \(bad.prefix(5))")
    }

    @Test func economyGapsAreNull() throws {
        let t = try dataset.table("economy")
        let iso = DatasetFixture.strings(t, "iso3")
        let years = DatasetFixture.ints(t, "year")
        func row(_ code: String, _ year: Int) throws -> Int {
            try #require((0..<t.rowCount).first { iso[$0] == code && years[$0] == year }, "\(code) \(year)")
        }
        let mex2024 = try row("MEX", 2024)
        #expect(t.column("gdp_usd")?[mex2024] == .null)          // GDP file ends in 2023
        #expect(t.column("remittances_usd")?[mex2024] != .null)
        #expect(t.column("remittances_pct_gdp")?[mex2024] == .null)
        #expect(t.column("remittances_usd")?[try row("CUB", 2020)] == .null)  // no Cuba series at all
        #expect(t.column("gdp_usd")?[try row("VEN", 2016)] == .null)          // GDP ends 2014
        #expect(t.column("population")?[try row("VEN", 2024)] != .null)
    }
}
