// Every catalogued table loads through the Swift loader with the catalog's types, row count
// and year range, and its key is unique and never null.

import Foundation
@testable import PolicyData
@testable import QueryEngine
import Testing

@Suite struct CatalogTableTests {
    let dataset = DatasetFixture.dataset

    @Test func everyTableLoadsWithCatalogTypes() throws {
        #expect(!dataset.tableNames.isEmpty)
        #expect(dataset.tableNames == dataset.tableNames.sorted())
        for name in dataset.tableNames {
            let info = try #require(dataset.info(name))
            let table = try dataset.table(name)
            #expect(table.columnNames == info.columns.map(\.name), "\(name)")
            for (field, column) in zip(table.fields, info.columns) {
                #expect(field.type.rawValue == column.type, "\(name).\(field.name): \(field.type) vs catalog \(column.type)")
            }
            #expect(table.rowCount == info.rowCount, "\(name): \(table.rowCount) rows vs catalog \(info.rowCount ?? -1)")
            #expect(table.rowCount > 0, "\(name) is empty")
        }
    }

    @Test func keysAreUniqueAndNotNull() throws {
        for name in dataset.tableNames {
            let info = try #require(dataset.info(name))
            let table = try dataset.table(name)
            let keyColumns = info.key.compactMap { table.column($0) }
            #expect(keyColumns.count == info.key.count, "\(name): key \(info.key) not all columns")
            var seen = Set<[Value]>()
            var problems: [String] = []
            for row in 0..<table.rowCount {
                let key = keyColumns.map { $0[row] }
                let hasNull = key.contains { $0.isNull }
                if hasNull { problems.append("row \(row): null in key") }
                if !seen.insert(key).inserted { problems.append("row \(row): key \(key) repeats") }
            }
            #expect(problems.isEmpty, "\(name) \(info.key): \(problems.prefix(5))")
        }
    }

    @Test func yearRangesMatchCatalog() throws {
        for name in dataset.tableNames {
            let info = try #require(dataset.info(name))
            let table = try dataset.table(name)
            let yearColumn = ["year", "fiscal_year"].first { table.column($0)?.type == .integer }
            guard let yearColumn else { #expect(info.years == nil, "\(name)"); continue }
            let years = DatasetFixture.ints(table, yearColumn).compactMap { $0 }
            if let lo = years.min(), let hi = years.max() { #expect(info.years == [lo, hi], "\(name)") }
        }
    }

    @Test func everySourceIdResolves() throws {
        for name in dataset.tableNames {
            let info = try #require(dataset.info(name))
            #expect(dataset.source(info.source) != nil, "\(name): source \(info.source)")
            for c in info.columns { #expect(dataset.source(c.source) != nil, "\(name).\(c.name): source \(c.source)") }
        }
        for s in dataset.catalog.sources { #expect(s.redistributable, "\(s.id) is shipped but not redistributable") }
    }

    @Test func numericColumnsNameTheirUnit() throws {
        for name in dataset.tableNames {
            let info = try #require(dataset.info(name))
            for c in info.columns where c.type == "float" {
                #expect(c.unit != nil, "\(name).\(c.name) is a float without a unit")
            }
        }
    }

    @Test func sourcesTableListsEveryCatalogSourceAndItsUsers() throws {
        let t = try dataset.table("sources")
        let ids = DatasetFixture.strings(t, "source_id").compactMap { $0 }
        #expect(ids == dataset.catalog.sources.map(\.id).sorted())
        let usedBy = DatasetFixture.rowsBy(t, "source_id")
        let users = DatasetFixture.strings(t, "used_by")
        for name in dataset.tableNames {
            let info = try #require(dataset.info(name))
            let row = try #require(usedBy[info.source])
            let list = (users[row] ?? "").components(separatedBy: "; ")
            #expect(list.contains(name), "sources.used_by of \(info.source) lacks \(name)")
        }
    }
}
