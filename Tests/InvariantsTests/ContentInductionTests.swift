import Explorer
import Foundation
import GmemModel
import Invariants
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

  @Test func isNotTriedWithoutContent() throws {
    let config = try Self.design("preserve").withoutContent
    #expect(AllSizesCheck(config, invariants: Invariant.applicable(to: config)).contentInductionSearch() == nil)
  }
}
