import Foundation
import Testing

@testable import GmemModel

/// Reading configurations (JSON5 files and `--set` overrides).
@Suite struct ConfigTests {
  @Test func defaultsAreTheDefaultDesignWithTheSmallestBounds() {
    let c = ModelConfig()
    #expect(c.folios == 1)
    #expect(c.subpages == 4)
    #expect(c.backing == .huge)
    #expect(c.initShared == false)
    #expect([c.maxMappers, c.maxShortPins, c.maxLongPins] == [Int]([1, 1, 1]))
    #expect(c.split == .onConversion)
    #expect(c.longTermPins == .allowed)
    #expect(c.refcount == .perSubpage)
    #expect(c.migration == Migration.none)
    #expect(c.trackData == false)
    #expect(c.conversionContent == .preserve)
    #expect(c.transientRefs == false)
    #expect(c.partialPunch == .zero)
    #expect(c.vcpus == 1)
    #expect(c.mutants == [])
    #expect(c.fairness == [.unpin, .convert, .abandon, .dropRef, .merge])
    #expect(c.assumptions == [])
    #expect(!c.assumes(.hostQuiescesDuringConversion))
    #expect(c.expectations == [])
    #expect(c.totalSubpages == 4)
    #expect(c.shortPinCeiling == 1)
  }

  @Test func parseReadsEveryKeyAroundComments() throws {
    let text = """
      // gmemcheck configuration
      {
        /* sizes */
        folios: 2,
        subpages: 3, // N
        backing: 'base',
        "initShared": true,
        maxMappers: 2,
        maxShortPins: 3,
        maxLongPins: 0x2,
        longTermPins: "pfnCallback",
        trackData: true,
        conversionContent: 'scrub',
        /* listed out of order, one twice */
        mutants: ["mergeWithPins", 'skipRefcountCheck', "mergeWithPins",],
        expect: { NoUseAfterFree: 'fail', "NoSilentDataLoss": "pass" },
      }
      """
    let c = try ModelConfig.parse(text, source: "all.json5")
    var expected = ModelConfig()
    expected.folios = 2
    expected.subpages = 3
    expected.backing = .base
    expected.initShared = true
    expected.maxMappers = 2
    expected.maxShortPins = 3
    expected.maxLongPins = 2
    expected.longTermPins = .pfnCallback
    expected.trackData = true
    expected.conversionContent = .scrub
    expected.mutants = [.skipRefcountCheck, .mergeWithPins]
    expected.expectations = [
      ExpectedVerdict(property: "NoUseAfterFree", verdict: .fail, position: .init(line: 16, column: 13)),
      ExpectedVerdict(property: "NoSilentDataLoss", verdict: .pass, position: .init(line: 16, column: 37)),
    ]
    #expect(c == expected)
    #expect(c.totalSubpages == 6)
  }

  @Test func anEmptyObjectGivesTheDefaults() throws {
    #expect(try ModelConfig.parse("{}", source: "x") == ModelConfig())
    #expect(try ModelConfig.parse(" // nothing\n{ } ", source: "x") == ModelConfig())
  }

  @Test func overridesApplyInOrderAfterTheFile() throws {
    let c = try ModelConfig.parse(
      "{ subpages: 2, backing: 'base' }", source: "x",
      overrides: ["subpages=5", " maxMappers = 3 ", "backing=huge", "subpages=3"])
    #expect(c.subpages == 3)
    #expect(c.maxMappers == 3)
    #expect(c.backing == .huge)
  }

  @Test(arguments: [
    ("folios=3", \ModelConfig.folios, "3"), ("initShared=true", \.initShared, "true"),
    ("backing=base", \.backing, "base"), ("backing=\"base\"", \.backing, "base"),
    ("backing='base'", \.backing, "base"),
  ] as [(String, PartialKeyPath<ModelConfig> & Sendable, String)])
  func overrideFormsOfScalars(text: String, path: PartialKeyPath<ModelConfig> & Sendable, value: String) throws {
    var c = ModelConfig()
    try c.apply(override: text)
    #expect("\(c[keyPath: path])" == value)
  }

  @Test(arguments: [
    "mutants=skipSplitOnShare,mergeWithPins", "mutants=[skipSplitOnShare, mergeWithPins]",
    "mutants=['mergeWithPins', \"skipSplitOnShare\"]", "mutants = mergeWithPins , skipSplitOnShare",
  ])
  func overrideFormsOfTheMutantList(text: String) throws {
    var c = ModelConfig()
    try c.apply(override: text)
    #expect(c.mutants == [.mergeWithPins, .skipSplitOnShare])
  }

  @Test func anEmptyMutantListClearsThem() throws {
    var c = ModelConfig()
    c.mutants = [.unboundedPins]
    try c.apply(override: "mutants=")
    #expect(c.mutants == [])
    c.mutants = [.unboundedPins]
    try c.apply(override: "mutants=[]")
    #expect(c.mutants == [])
  }

  @Test func loadReadsAFileAndAppliesOverrides() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("gmem-config-\(UUID().uuidString).json5").path
    try "{ folios: 3, subpages: 2 } // three folios".write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let c = try ModelConfig.load(file: path, overrides: ["initShared=true"])
    #expect([c.folios, c.subpages] == [Int]([3, 2]))
    #expect(c.initShared)
  }

  @Test func keysTableNamesEveryKeyInOrder() {
    #expect(
      ConfigKey.names == [
        "folios", "subpages", "backing", "initShared", "maxMappers", "maxShortPins",
        "maxLongPins", "split", "longTermPins", "refcount", "migration", "trackData",
        "conversionContent", "transientRefs", "partialPunch", "vcpus", "mutants", "fairness",
        "assume", "unfired", "expect",
      ])
    #expect(ConfigKey.named("backing")?.allowed == "huge | base")
    #expect(ConfigKey.named("subpages")?.allowed == "1..15")
    #expect(ConfigKey.named("maxMappers")?.allowed == "1..3")
    #expect(ConfigKey.named("maxShortPins")?.allowed == "1..3")
    #expect(ConfigKey.named("maxLongPins")?.allowed == "1..3")
    #expect(ConfigKey.named("initShared")?.allowed == "true | false")
    #expect(ConfigKey.named("split")?.allowed == "onConversion | atCreation | never")
    #expect(ConfigKey.named("longTermPins")?.allowed == "allowed | forbidden | pfnCallback")
    #expect(ConfigKey.named("refcount")?.allowed == "perSubpage | perFolio")
    #expect(ConfigKey.named("migration")?.allowed == "none | shared4K")
    #expect(ConfigKey.named("trackData")?.allowed == "true | false")
    #expect(ConfigKey.named("conversionContent")?.allowed == "preserve | scrub")
    #expect(ConfigKey.named("transientRefs")?.allowed == "true | false")
    #expect(ConfigKey.named("partialPunch")?.allowed == "zero | einval")
    #expect(ConfigKey.named("vcpus")?.allowed == "1..2")
    #expect(ConfigKey.named("mutants")?.allowed == "[NAME, ...]")
    #expect(ConfigKey.named("fairness")?.allowed == "[NAME, ...]")
    #expect(ConfigKey.named("assume")?.allowed == "[NAME, ...]")
    #expect(ConfigKey.named("expect")?.allowed == "{ PROPERTY: pass | fail, ... }")
    #expect(ConfigKey.named("nope") == nil)
  }

  @Test func keysRenderTheirCurrentValues() {
    var c = ModelConfig()
    c.backing = .base
    c.mutants = [.skipUnmapOnConvert, .unboundedPins]
    #expect(ConfigKey.all.map { $0.value(in: c) } == [
      "1", "4", "base", "false", "1", "1", "1", "onConversion", "allowed", "perSubpage", "none",
      "false", "preserve", "false", "zero", "1", "[skipUnmapOnConvert, unboundedPins]",
      "[unpin, convert, abandon, dropRef, merge]", "[]", "{}", "{}",
    ])
    c.backing = .huge
    c.maxShortPins = 2
    c.split = .never
    c.longTermPins = .pfnCallback
    c.refcount = .perFolio
    c.migration = .shared4K
    c.trackData = true
    c.conversionContent = .scrub
    c.transientRefs = true
    c.partialPunch = .einval
    c.vcpus = 2
    c.fairness = [.unpin, .convert, .dmaUnmap, .merge]
    c.assumptions = [.hostQuiescesDuringConversion]
    c.unfired = ["merge": "never all freed", "dmaUnmap": "no pins"]
    c.expectations = [
      ExpectedVerdict(property: "NoUseAfterFree", verdict: .fail, position: nil),
      ExpectedVerdict(property: "SplitIfAnyShared", verdict: .pass, position: nil),
    ]
    #expect(ConfigKey.all.map { $0.value(in: c) } == [
      "1", "4", "huge", "false", "1", "2", "1", "never", "pfnCallback", "perFolio", "shared4K",
      "true", "scrub", "true", "einval", "2", "[skipUnmapOnConvert, unboundedPins]",
      "[unpin, convert, dmaUnmap, merge]",
      "[hostQuiescesDuringConversion]", "{dmaUnmap: no pins, merge: never all freed}",
      "{NoUseAfterFree: fail, SplitIfAnyShared: pass}",
    ])
  }

  @Test func nearestNameIgnoresCaseAndRefusesFarNames() {
    #expect(nearestName(to: "SUBPAGES", in: ConfigKey.names) == "subpages")
    #expect(nearestName(to: "maxShortPin", in: ConfigKey.names) == "maxShortPins")
    #expect(nearestName(to: "pins", in: ConfigKey.names) == nil)
    #expect(didYouMean("hug", in: ["huge", "base"]) == " Did you mean 'huge'?")
    #expect(didYouMean("xyz", in: ["huge", "base"]) == "")
  }

  @Test func mutantsSortInDeclarationOrderAndNameWhatTheyBreak() {
    #expect([Mutant.unboundedPins, .skipUnmapOnConvert].sorted() == [.skipUnmapOnConvert, .unboundedPins])
    #expect(Mutant.allCases.map(\.rawValue) == [
      "skipUnmapOnConvert", "skipRefcountCheck", "freePiecesToBuddy", "mergeWithPins",
      "skipSplitOnShare", "unboundedPins", "skipIommuInvalidate", "migratePinned", "spinOnPins",
    ])
    // skipUnmapOnConvert no longer leaks a page (MODEL.md 6.2): the PTE it
    // leaves blocks the conversion instead.
    #expect(Mutant.allCases.map(\.breaks) == [
      "ConversionCompletes", "NoPrivateInUserspace", "HugepageReconstitutable", "NoUseAfterFree",
      "SplitIfAnyShared", "RefcountsBounded", "NoPrivateInDevice", "NoSilentDataLoss",
      "NoUnboundedSpin",
    ])
  }
}
