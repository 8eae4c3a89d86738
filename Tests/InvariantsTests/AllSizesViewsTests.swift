import Explorer
import Foundation
import GmemModel
@testable import Invariants
import Testing

/// The views of two subpages (`PairViews`) as `check --all-sizes` uses
/// them (by default): a mutant's broken property fails on one of their parts
/// (so they do not prove it), the default design's does not, and a check
/// with views reaches the verdicts the cap-1 search reaches.
@Suite struct AllSizesViewsTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func config(_ name: String) throws -> ModelConfig {
    try ModelConfig.load(file: root.appendingPathComponent("Models/\(name).json5").path)
  }

  /// The properties that fail on some part of `config`'s views, a bit
  /// each, from one computation of the views (as `check` computes them).
  static func failingOnAPart(_ config: ModelConfig, _ properties: [Invariant]) -> UInt64 {
    let abstraction = AbstractFolios(config)
    let result = PairViews(abstraction).run(violations: Invariant.violations(of: properties, for: abstraction))
    #expect(result.completion == .closed)
    return result.violated
  }

  /// Mutants and the property each breaks on a part of its views.
  static let broken: [(String, Invariant)] = [
    ("mutants/skip-split-on-share", .splitIfAnyShared),
    ("mutants/spin-on-pins", .noUnboundedSpin),
  ]

  @Test(arguments: broken)
  func aMutantsBrokenPropertyFailsOnAPart(mutant: String, property: Invariant) throws {
    #expect(Self.failingOnAPart(try Self.config(mutant), [property]) == 1, "\(mutant): \(property.name)")
  }

  /// ... and the default design's do not: both properties checked on one
  /// computation of its views (a debug build takes long for each).
  @Test func theDefaultDesignFailsThemOnNoPart() throws {
    #expect(Self.failingOnAPart(try Self.config("default"), Self.broken.map(\.1)) == 0)
  }

  /// A mutant's views end after the round in which every property they
  /// were asked failed on a part (or, for the first failure alone, any
  /// did): nothing is left to prove. The search then finds the concrete
  /// counterexample.
  @Test func viewsStopWhenNothingIsLeftToProve() throws {
    // The one mutant whose property fails first at N = 2 (so the views
    // run): its refcount check skipped, userspace maps a private page.
    // Without long-term pins its views are small (in a debug build too).
    var config = try Self.config("mutants/skip-refcount-check")
    try config.apply(override: "longTermPins=forbidden")
    let result = AllSizesCheck(config, invariants: [.noPrivateInUserspace]).run()
    let views = try #require(result.views.first)
    #expect(views.result.violated == 1 && views.proven.isEmpty)
    // Stopped with entries still due (else it would read `closed`).
    #expect(views.result.completion == .violated)
    #expect(result.verdicts == [.fails(subpages: 2)])
    #expect(!result.abstract.isEmpty)

    // With a property the views prove, they go on to the end; asked for
    // the first failure alone, they stop where the other did.
    let two: [Invariant] = [.noPrivateInUserspace, .noUseAfterFree]
    let both = AllSizesCheck(config, invariants: two).run()
    #expect(both.views.first?.result.completion == .closed)
    #expect(both.verdicts == [.fails(subpages: 2), .proven])
    var first = AllSizesCheck(config, invariants: two)
    first.stopAtFirstFailure = true
    let stopped = first.run()
    #expect(stopped.views.first?.result.completion == .violated)
    #expect(stopped.views.first?.result.rounds == views.result.rounds)
    #expect(stopped.verdicts == [.fails(subpages: 2), .notDecided])
  }

  @Test func viewsProveWhatTheSearchProves() throws {
    let config = try Self.config("no-long-term-pins")
    let invariants = Invariant.applicable(to: config)
    var search = AllSizesCheck(config, invariants: invariants)
    search.views = false
    let searched = search.run()
    #expect(searched.views.isEmpty && !searched.abstract.isEmpty)
    let viewed = AllSizesCheck(config, invariants: invariants).run()
    #expect(searched.verdicts == viewed.verdicts)
    #expect(viewed.verdicts.allSatisfy { $0 == .proven })
    #expect(viewed.abstract.isEmpty, "the views proved every property: no search ran")
    #expect(viewed.views.first?.proven.count == invariants.count)
  }
}
