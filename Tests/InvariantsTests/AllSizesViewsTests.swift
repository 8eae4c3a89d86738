import Explorer
import Foundation
import GmemModel
import Invariants
import Testing

/// The views of two subpages (`PairViews`) as `check --all-sizes --views`
/// uses them: a mutant's broken property fails on one of their parts
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
    #expect(!Self.failsOnAPart(try Self.config("default"), property), "default: \(property.name)")
  }

  @Test func viewsProveWhatTheSearchProves() throws {
    let config = try Self.config("no-long-term-pins")
    let invariants = Invariant.applicable(to: config)
    let searched = AllSizesCheck(config, invariants: invariants).run()
    var check = AllSizesCheck(config, invariants: invariants)
    check.views = true
    let viewed = check.run()
    #expect(searched.verdicts == viewed.verdicts)
    #expect(viewed.verdicts.allSatisfy { $0 == .proven })
    #expect(viewed.abstract.isEmpty, "the views proved every property: no search ran")
    #expect(viewed.views.first?.proven.count == invariants.count)
  }
}
