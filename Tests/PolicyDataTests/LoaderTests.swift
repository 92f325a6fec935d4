// The loader's behaviour beyond the data: errors that suggest names, caching, citations,
// the bundled copy and the HEMI_DATA_DIR override.

import Foundation
@testable import PolicyData
@testable import QueryEngine
import Testing

@Suite struct LoaderTests {
    let dataset = DatasetFixture.dataset

    @Test func unknownTableSuggestsClosestNames() {
        #expect {
            _ = try dataset.table("us_trad")
        } throws: { error in
            let message = (error as? EngineError)?.message ?? ""
            return message.contains("no table named 'us_trad'") && message.contains("did you mean us_trade")
        }
    }

    @Test func suggestionsRankContainedNames() {
        let near = NameSuggestions.closest(to: "trade", in: ["us_trade", "countries", "us_trade_aggregates"])
        #expect(near.first == "us_trade")
        #expect(!near.contains("countries"))
    }

    @Test func missingDirectoryIsAnErrorNamingThePath() {
        #expect {
            _ = try PolicyDataset(directory: "/nonexistent/hemi-data")
        } throws: { error in
            ((error as? EngineError)?.message ?? "").contains("/nonexistent/hemi-data/catalog.json")
        }
    }

    @Test func tablesAreCachedAfterFirstLoad() throws {
        let a = try dataset.table("countries")
        let b = try dataset.table("countries")
        #expect(a.rowCount == b.rowCount)
        #expect(a.columns[0].values == b.columns[0].values)
    }

    @Test func concurrentLoadsAgree() async throws {
        let fresh = try PolicyDataset(directory: DatasetFixture.resources.path)
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try fresh.table("us_trade").rowCount } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(Set(counts).count == 1)
        #expect(counts.first == fresh.info("us_trade")?.rowCount)
    }

    @Test func citationNamesPublisherEditionAndUnits() {
        let text = dataset.citation(table: "us_trade", columns: ["us_exports_usd_mn", "us_imports_usd_mn", "iso3"])
        #expect(text.hasPrefix("Source: U.S. Census Bureau, Foreign Trade Division, U.S. Trade in Goods by Country"))
        #expect(text.contains("Units: US$ millions (us_exports_usd_mn, us_imports_usd_mn)."))
        #expect(!text.contains("iso3"))
    }

    @Test func citationListsColumnSourcesThatDiffer() {
        let text = dataset.citation(table: "countries", columns: ["income_group"])
        #expect(text.contains("datahub"))
        #expect(text.contains("Our World in Data"))
    }

    @Test func vintageIsShortAndFromTheCatalog() {
        #expect(dataset.vintage.contains("Census 1991–2025, monthly to 2026-08"))
        #expect(dataset.vintage.contains("\(dataset.tableNames.count) tables"))
    }

    @Test func bundledCopyMatchesCommittedCatalog() throws {
        let bundled = try PolicyDataset.bundled()
        #expect(bundled.tableNames == dataset.tableNames)
        #expect(try bundled.table("us_trade").rowCount == dataset.info("us_trade")?.rowCount)
    }

    @Test func environmentVariableOverridesTheBundle() throws {
        // Points at the same committed files, so other tests are unaffected meanwhile.
        setenv(PolicyDataset.directoryVariable, DatasetFixture.resources.path, 1)
        defer { unsetenv(PolicyDataset.directoryVariable) }
        let viaEnv = try PolicyDataset.bundled()
        #expect(viaEnv.directory == DatasetFixture.resources.path)
    }
}

/// Where an installed or a source-tree binary looks for its data, and the error (not a trap)
/// when there is none.
@Suite struct BundledLocationTests {
    @Test func anInstalledBinaryLooksBesideItselfAndNeverInTheCheckout() {
        let c = PolicyDataset.bundledDirectoryCandidates(sourceFile: "/src/hemi/Sources/PolicyData/PolicyDataset.swift",
                                                         executable: "/opt/tools/bin/hemi")
        #expect(c == ["/opt/tools/share/hemi/data"])
    }

    @Test func aBinaryBuiltInTheTreeReadsTheTreeAfterItsOwnPrefix() {
        let c = PolicyDataset.bundledDirectoryCandidates(sourceFile: "/src/hemi/Sources/PolicyData/PolicyDataset.swift",
                                                         executable: "/src/hemi/.build/debug/hemi")
        #expect(c == ["/src/hemi/.build/share/hemi/data", "/src/hemi/Sources/PolicyData/Resources"])
    }

    @Test func missingDataIsAnErrorNamingWhereItLooked() {
        #expect {
            _ = try PolicyDataset.bundled(searching: ["/nonexistent/prefix/share/hemi/data"])
        } throws: { error in
            let m = (error as? EngineError)?.message ?? ""
            return m.contains("bundled data is missing") && m.contains("/nonexistent/prefix/share/hemi/data")
                && m.contains("HEMI_DATA_DIR")
        }
    }
}
