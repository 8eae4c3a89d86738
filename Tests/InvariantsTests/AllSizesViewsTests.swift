import Explorer
import Foundation
import GmemModel
import Invariants
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

  /// Whether `property` fails on some part of `config`'s views.
  static func failsOnAPart(_ config: ModelConfig, _ property: Invariant) -> Bool {
    let abstraction = AbstractFolios(config)
    let result = PairViews(abstraction).run { property.violation(in: $0, of: abstraction) == nil ? 0 : 1 }
    #expect(result.completion == .closed)
    return result.violated == 1
  }

  @Test(arguments: [
    ("mutants/skip-split-on-share", Invariant.splitIfAnyShared),
    ("mutants/spin-on-pins", Invariant.noUnboundedSpin),
  ])
  func aMutantsBrokenPropertyFailsOnAPart(mutant: String, property: Invariant) throws {
    #expect(Self.failsOnAPart(try Self.config(mutant), property), "\(mutant): \(property.name)")
  }

  /// ... and the default design's do not: both properties checked on one
  /// computation of its views (a debug build takes long for each).
  @Test func theDefaultDesignFailsThemOnNoPart() throws {
    let abstraction = AbstractFolios(try Self.config("default"))
    let properties: [Invariant] = [.splitIfAnyShared, .noUnboundedSpin]
    let result = PairViews(abstraction).run { a in
      properties.indices.reduce(UInt64(0)) { bits, i in
        bits | (properties[i].violation(in: a, of: abstraction) == nil ? 0 : 1 << UInt64(i))
      }
    }
    #expect(result.completion == .closed)
    #expect(result.violated == 0)
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
