// Small invented data sets for chart tests (not dataset figures): accented and wide labels,
// negative values, missing values, an uneven run of years.

@testable import QueryEngine

enum ChartsFixtures {
    static let exportLabels = ["Mexico", "Brasil", "Chile", "Colombia", "Perú", "República Dominicana", "Haiti", "中国"]
    static let exportValues: [Double?] = [322_742.4, 44_013, 18_402.7, 17_650, 13_011.5, 12_334, nil, 2_001]

    static let balanceLabels = ["Mexico", "Brasil", "Panamá", "Chile", "Costa Rica", "Venezuela"]
    static let balanceValues: [Double?] = [-152_456, 7_612, 9_120, 1_234, -2_301, nil]

    static func exports(title: String? = "US exports to selected partners, 2023 (fixture)") throws -> BarChart {
        try BarChart(labels: exportLabels, values: exportValues,
                     caption: ChartCaption(title: title, unit: "usd_mn", source: "Test fixture, invented figures"))
    }

    static func balance() throws -> BarChart {
        try BarChart(labels: balanceLabels, values: balanceValues,
                     caption: ChartCaption(title: "US trade balance, 2023 (fixture)", unit: "usd_mn",
                                           source: "Test fixture, invented figures; balance = exports - imports"))
    }

    static let years: [Double] = [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]

    static func seriesSet() -> [ChartSeries] {
        [
            ChartSeries(name: "Mexico", values: [236, 230, 243, 265, 256, 212, 277, 324, 322, 334]),
            ChartSeries(name: "Brasil", values: [31.5, 30.1, 37.2, 39.6, 42.9, 34.9, 46.3, 53.5, 44.0, 46.2]),
            ChartSeries(name: "Perú", values: [8.8, 8.0, nil, nil, 11.9, 9.1, 11.4, 13.4, 13.0, 12.6]),
            ChartSeries(name: "Venezuela", values: [nil, nil, nil, nil, nil, nil, nil, nil, nil, nil]),
        ]
    }

    static func sparklines(sharedScale: Bool = false) throws -> SparklineChart {
        try SparklineChart(x: years, series: seriesSet(),
                           caption: ChartCaption(title: "US exports by partner, 2015-2024 (fixture)", unit: "usd_bn",
                                                 source: "Test fixture, invented figures"),
                           sharedScale: sharedScale)
    }

    static func line() throws -> LineChart {
        try LineChart(x: years, series: Array(seriesSet().prefix(3)),
                      caption: ChartCaption(title: "US exports by partner (fixture)", unit: "usd_bn",
                                            source: "Test fixture, invented figures"))
    }
}
