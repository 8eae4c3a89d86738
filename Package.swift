// swift-tools-version:6.0
import PackageDescription

// No package dependencies: the toolchain (standard library, Foundation,
// Dispatch, Synchronization, Swift Testing) is all gmemcheck uses.

// The engine, the model, the properties and the tool are optimised in
// debug builds too: `swift test` runs their searches about five times
// faster (2 minutes, not 9, on 2 cores). Assertions stay on
// (`-assert-config Debug`), so the tests still check what they check;
// overflow and bounds checks stay on as in any -O build. The test
// targets themselves are not optimised. GMEMCHECK_ONONE=1 builds all
// of it unoptimised, for a debugger.
let optimisedInDebug: [SwiftSetting] =
  Context.environment["GMEMCHECK_ONONE"] == "1"
  ? [] : [.unsafeFlags(["-O", "-assert-config", "Debug"], .when(configuration: .debug))]

let package = Package(
  name: "gmemcheck",
  products: [
    .executable(name: "gmemcheck", targets: ["gmemcheck"]),
    .library(name: "Explorer", targets: ["Explorer"]),
    .library(name: "GmemModel", targets: ["GmemModel"]),
    .library(name: "Invariants", targets: ["Invariants"]),
  ],
  targets: [
    // The engine is generic over the model: cross-module optimisation lets
    // the compiler specialise it for GuestMemfd (no runtime generics in
    // the hot loop).
    .target(
      name: "Explorer", exclude: ["README.md"],
      swiftSettings: [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]
        + optimisedInDebug),
    .target(
      name: "GmemModel", dependencies: ["Explorer"], exclude: ["README.md"], swiftSettings: optimisedInDebug),
    .target(name: "Invariants", dependencies: ["GmemModel", "Explorer"], path: "Invariants",
      exclude: ["README.md"], swiftSettings: optimisedInDebug),
    .executableTarget(
      name: "gmemcheck", dependencies: ["GmemModel", "Explorer", "Invariants"], swiftSettings: optimisedInDebug),
    // What the test targets share (a seeded generator); not a product.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "TestSupport"]),
    .testTarget(name: "GmemModelTests", dependencies: ["GmemModel", "TestSupport"]),
    .testTarget(name: "InvariantsTests", dependencies: ["Invariants", "GmemModel", "Explorer"]),
    // GmemModel too: the fuzz tests run the configuration loader in-process
    // and spawn the binary for a sample only.
    .testTarget(name: "CLITests", dependencies: ["gmemcheck", "GmemModel", "Invariants", "TestSupport"], exclude: ["Golden"]),
  ]
)
