import Explorer
import Foundation
import GmemModel
@testable import Invariants
import Testing

/// NoSilentDataLoss by induction (`ContentInduction`): it proves the
/// property for every N where every step keeps content and its ghost
/// together, and fails where a step parts them (the `migratePinned`
/// mutant: a DMA write lands in the page the file no longer uses).
@Suite struct ContentInductionTests {
  /// `no-long-term-pins` with content tracked, as conversion keeps it or
  /// as firmware scrubs it: 13,064 abstract states without content.
  static func design(_ content: String) throws -> ModelConfig {
    let path = AllSizesSoundnessTests.configs.first { $0.hasSuffix("/no-long-term-pins.json5") }!
    return try ModelConfig.load(
      file: path, overrides: ["trackData=true", "conversionContent=\(content)"])
  }

  @Test(arguments: ["preserve", "scrub"])
  func provesNoSilentDataLossWhereStepsKeepContent(content: String) throws {
    let config = try Self.design(content)
    var check = AllSizesCheck(config, invariants: Invariant.applicable(to: config))
    check.threads = 2
    check.views = false
    let result = check.run()
    #expect(result.verdicts.allSatisfy { $0 == .proven })
    let induction = try #require(result.abstract.first)
    #expect(induction.induction && induction.invariants.map(\.name) == ["NoSilentDataLoss"])
    #expect(induction.result.completion == .exhausted)
    // No search with content: the ghost-free one is the only other.
    #expect(result.abstract.count == 2 && !result.abstract[1].abstraction.config.trackData)
  }

  @Test func failsWhereAStepPartsContentFromItsGhost() throws {
    let path = AllSizesSoundnessTests.configs.first { $0.hasSuffix("/migrate-pinned.json5") }!
    let config = try ModelConfig.load(file: path)
    let result = try #require(AllSizesCheck(config, invariants: [.noSilentDataLoss]).contentInductionSearch())
    #expect(result.properties[0].verdict == .fail)
  }

  /// With `--views`, the induction runs on the views' parts: it proves
  /// the property with no search at all.
  @Test(arguments: ["preserve", "scrub"])
  func viewsProveNoSilentDataLossByInductionOnEveryPart(content: String) throws {
    let config = try Self.design(content)
    var check = AllSizesCheck(config, invariants: Invariant.applicable(to: config))
    check.views = true
    let result = check.run()
    #expect(result.verdicts.allSatisfy { $0 == .proven })
    #expect(result.abstract.isEmpty, "the views proved every property: no search ran")
    let views = try #require(result.views.first)
    #expect(views.induction && views.result.isProof)
    #expect(views.proven.map(\.name).contains(Invariant.noSilentDataLoss.name))
  }

  /// The induction on the views' parts fails where a step parts content
  /// from its ghost; the first parts of `migrate-pinned`'s views show it.
  @Test func failsOnAPartOfTheViewsWhereAStepPartsContentFromItsGhost() throws {
    let path = AllSizesSoundnessTests.configs.first { $0.hasSuffix("/migrate-pinned.json5") }!
    let config = try ModelConfig.load(file: path)
    let content = ContentStepCheck(config)
    let result = PairViews(AbstractFolios(config.withoutContent)).run(
      maxParts: 20_000, stepViolations: { content.keepsContent($0, $1, from: $2) ? 0 : 1 }, violations: { _ in 0 })
    #expect(result.violated == 1)
  }

  @Test func isNotTriedWithoutContent() throws {
    let config = try Self.design("preserve").withoutContent
    #expect(AllSizesCheck(config, invariants: Invariant.applicable(to: config)).contentInductionSearch() == nil)
  }
}
