// swift-tools-version:6.1
import PackageDescription

// Layers (docs/architecture.md): pure libraries (JunhengCore, TextFormats, Equalization, Surveys, Geography, PlanIngest,
// Charts, Spreadsheet, OfficePackage) have no I/O and test in seconds; Storage is the only place with SQL;
// JunhengApp holds the use cases by feature; JunhengServer (HTTP and pages) and JunhengCLI (the
// `junheng` commands) sit at the edge and call JunhengApp. Only `junheng serve` needs JunhengServer.
let package = Package(
    name: "Junheng",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "junheng", targets: ["junheng"]),
        .library(name: "JunhengCore", targets: ["JunhengCore"]),
        .library(name: "Equalization", targets: ["Equalization"]),
        // For Benchmarks/geography (accessibility at 2,000 × 50,000).
        .library(name: "Geography", targets: ["Geography"]),
        .library(name: "PlanIngest", targets: ["PlanIngest"]),
        // For Benchmarks/ingest (a PDF is read through pdftotext).
        .library(name: "ExternalPrograms", targets: ["ExternalPrograms"]),
        // For Benchmarks/ (the report benchmark builds reports as the server does).
        .library(name: "Storage", targets: ["Storage"]),
        .library(name: "JunhengApp", targets: ["JunhengApp"]),
        .library(name: "JunhengServer", targets: ["JunhengServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.7"),
    ],
    targets: [
        // MARK: pure libraries
        // The one CSV parser, text decoder (UTF-8, UTF-16, GB18030) and excerpt of quoted text
        // the other libraries share: at the very bottom.
        .target(name: "TextFormats"),
        .target(name: "JunhengCore", dependencies: ["TextFormats"]),
        .target(name: "Equalization", dependencies: ["TextFormats"]),
        // Design-based survey estimates (Taylor linearisation, raking, Wilson intervals).
        .target(name: "Surveys"),
        // Boundaries (GeoJSON, GCJ-02), shared-border simplification, classification and
        // accessibility (2SFCA/3SFCA): the maps' geometry and measures; Charts draws them.
        .target(name: "Geography"),
        .systemLibrary(
            name: "COpenCC",
            pkgConfig: "opencc",
            providers: [.apt(["libopencc-dev"])]
        ),
        // The one ZIP reader and writer and streaming XML tokenizer, for the XLSX and DOCX readers and writers.
        .target(name: "OfficePackage", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "PlanIngest", dependencies: ["COpenCC", "TextFormats", "OfficePackage"]),
        .target(name: "Charts", dependencies: ["Geography"]),
        .target(
            name: "Spreadsheet",
            dependencies: ["TextFormats", "OfficePackage"]
        ),
        .target(name: "WordDocument", dependencies: ["OfficePackage"]),
        // Runs outside programs as subprocesses with a timeout and a process-group kill (so not pure):
        // pdftotext and LibreOffice to read PDF and .doc plans.
        .target(name: "ExternalPrograms"),
        // Prints HTML to PDF with headless Chromium, run through ExternalPrograms.
        .target(name: "Printing", dependencies: ["ExternalPrograms"]),

        // MARK: edges
        .target(
            name: "Storage",
            dependencies: [
                "JunhengCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/regions-gbt2260.csv")]
        ),
        .target(
            name: "JunhengApp",
            dependencies: [
                "JunhengCore", "Storage", "Equalization", "PlanIngest", "Spreadsheet", "ExternalPrograms", "Geography", "Surveys",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Demo/Plans"), .copy("Demo/Maps")]
        ),
        .target(
            name: "JunhengServer",
            dependencies: [
                "JunhengApp", "JunhengCore", "Storage", "Equalization", "Charts", "Geography", "TextFormats", "Spreadsheet",
                "WordDocument", "Printing",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            resources: [.copy("Templates"), .copy("Public")]
        ),
        .target(
            name: "JunhengCLI",
            dependencies: [
                "JunhengApp", "JunhengServer", "JunhengCore", "Storage", "Equalization", "PlanIngest", "Spreadsheet", "Geography",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "junheng", dependencies: ["JunhengCLI"]),

        // MARK: tests
        .target(
            name: "JunhengTestSupport",
            dependencies: ["Storage", "JunhengCore", "JunhengApp", .product(name: "Logging", package: "swift-log")],
            path: "Tests/Support"
        ),
        .testTarget(name: "JunhengCoreTests", dependencies: ["JunhengCore"]),
        .testTarget(name: "EqualizationTests", dependencies: ["Equalization", "JunhengCore", "JunhengTestSupport"]),
        .testTarget(
            name: "PlanIngestTests",
            dependencies: ["PlanIngest", "JunhengCore", "OfficePackage"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "Geography", "JunhengCore"]),
        .testTarget(name: "GeographyTests", dependencies: ["Geography", "JunhengCore", "JunhengTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "SurveysTests", dependencies: ["Surveys", "JunhengTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet", "OfficePackage"], exclude: ["Fixtures"]),
        .testTarget(
            name: "WordDocumentTests",
            dependencies: ["WordDocument", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(name: "PrintingTests", dependencies: ["Printing", "ExternalPrograms"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "JunhengCore", "JunhengTestSupport"]),
        .testTarget(
            name: "JunhengAppTests",
            dependencies: ["JunhengApp", "Storage", "JunhengCore", "JunhengTestSupport", "PlanIngest", "ExternalPrograms"]
        ),
        .testTarget(name: "JunhengCLITests", dependencies: ["JunhengCLI", "JunhengApp", "Storage", "JunhengCore", "JunhengTestSupport"]),
        .testTarget(
            name: "JunhengServerTests",
            dependencies: [
                "JunhengServer", "JunhengApp", "Storage", "JunhengCore", "JunhengTestSupport", "Spreadsheet",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["__Snapshots__"]
        ),
    ]
)
