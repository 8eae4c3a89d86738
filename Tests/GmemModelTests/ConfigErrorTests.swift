import Foundation
import Testing

@testable import GmemModel


/// Errors in configuration files: each names the file, the position and the key.
@Suite struct ConfigFileErrorTests {
  @Test func malformedJSON5GivesLineAndColumn() {
    let e = failure("{\n  folios: 2,\n  subpages: ]\n}")
    #expect(e == .syntax(.init("cfg.json5", SourcePosition(line: 3, column: 13)), message: "expected a value, found ']'"))
    #expect(e?.description == "cfg.json5:3:13: error: malformed JSON5: expected a value, found ']'")
  }

  @Test func unknownKeySuggestsTheNearestKey() {
    let e = failure("{\n  folios: 1,\n  maxMapers: 2\n}")
    #expect(e == .unknownKey(.init("cfg.json5", .init(line: 3, column: 3)), key: "maxMapers", suggestion: "maxMappers"))
    #expect(e?.description == "cfg.json5:3:3: error: unknown key 'maxMapers'. Did you mean 'maxMappers'?")
  }

  @Test func unknownKeyFarFromEveryKeyPointsAtTheList() {
    #expect(failure("{ color: 1 }")?.description == "cfg.json5:1:3: error: unknown key 'color'. 'gmemcheck list' shows the keys.")
  }

  @Test func duplicateKeyNamesBothPlaces() {
    let e = failure("{\n  folios: 1,\n  'folios': 2\n}")
    #expect(e == .duplicateKey(.init("cfg.json5", .init(line: 3, column: 3)), key: "folios", first: .init(line: 2, column: 3)))
    #expect(e?.description == "cfg.json5:3:3: error: key 'folios' appears twice (first at line 2)")
  }

  @Test(arguments: [
    ("{ folios: '2' }", "cfg.json5:1:11: error: 'folios' must be an integer, found a string"),
    ("{ folios: 2.5 }", "cfg.json5:1:11: error: 'folios' must be an integer, found a number"),
    ("{ initShared: 1 }", "cfg.json5:1:15: error: 'initShared' must be true or false, found an integer"),
    ("{ backing: null }", "cfg.json5:1:12: error: 'backing' must be a string, found null"),
    ("{ mutants: 'mergeWithPins' }", "cfg.json5:1:12: error: 'mutants' must be a list of strings, found a string"),
    ("{ mutants: [\n    'mergeWithPins', true] }", "cfg.json5:2:22: error: 'mutants' must be a list of strings, found a boolean"),
  ])
  func wrongTypePointsAtTheValue(text: String, message: String) {
    #expect(failure(text)?.description == message)
  }

  @Test(arguments: [
    ("{\n  subpages: 16 }", "cfg.json5:2:13: error: 'subpages' must be from 1 to 15, found 16"),
    ("{ folios: 0 }", "cfg.json5:1:11: error: 'folios' must be from 1 to 15, found 0"),
    ("{ maxMappers: 4 }", "cfg.json5:1:15: error: 'maxMappers' must be from 1 to 3, found 4"),
    ("{ maxShortPins: -1 }", "cfg.json5:1:17: error: 'maxShortPins' must be from 1 to 3, found -1"),
    ("{ maxShortPins: 4 }", "cfg.json5:1:17: error: 'maxShortPins' must be from 1 to 3, found 4"),
    ("{ maxLongPins: 0 }", "cfg.json5:1:16: error: 'maxLongPins' must be from 1 to 3, found 0"),
    ("{ maxLongPins: 4 }", "cfg.json5:1:16: error: 'maxLongPins' must be from 1 to 3, found 4"),
  ])
  func outOfRangeGivesTheAllowedRange(text: String, message: String) {
    #expect(failure(text)?.description == message)
  }

  @Test func unknownEnumValueListsTheChoicesAndSuggests() {
    let e = failure("{ backing: 'hug' }")
    #expect(e == .unknownValue(.init("cfg.json5", .init(line: 1, column: 12)), key: "backing", value: "hug", allowed: ["huge", "base"]))
    #expect(e?.description == "cfg.json5:1:12: error: 'backing' must be one of huge, base; found 'hug'. Did you mean 'huge'?")
  }

  @Test func unknownMutantPointsAtTheItem() {
    let e = failure("{ mutants: ['skipUnmapOnConvert', 'mergeWithPin'] }")
    #expect(e?.description.hasPrefix("cfg.json5:1:35: error: 'mutants' must be one of skipUnmapOnConvert, ") == true)
    #expect(e?.description.hasSuffix("found 'mergeWithPin'. Did you mean 'mergeWithPins'?") == true)
  }

  @Test func tooManySubpagesNamesBothKeys() {
    let e = failure("{ folios: 4, subpages: 4 }")
    #expect(e?.description == "cfg.json5: error: folios x subpages = 16 subpages; the packed state holds at most 15 (keys 'folios', 'subpages')")
    #expect(failure("{ folios: 3, subpages: 5 }") == nil)
  }

  @Test func hugeBackingHoldsAtMostFiveLayouts() {
    let e = failure("{ folios: 6, subpages: 1 }")
    #expect(e?.description == "cfg.json5: error: huge backing keeps a layout per folio and the packed state holds 5; found 6 folios (keys 'folios', 'backing')")
    #expect(failure("{ folios: 6, subpages: 1, backing: 'base' }") == nil)
  }

  @Test func unboundedPinsNeedsRoomForOneMorePin() {
    // Counters hold 0...3, so one pin past the bound needs a bound <= 2.
    let e = failure("{ maxShortPins: 3, mutants: ['unboundedPins'] }")
    #expect(e == .tooLarge(.init("cfg.json5"), keys: ["maxShortPins", "mutants"], message: "unboundedPins pins once past maxShortPins, which must then be at most 2; found 3"))
    #expect(e?.description == "cfg.json5: error: unboundedPins pins once past maxShortPins, which must then be at most 2; found 3 (keys 'maxShortPins', 'mutants')")
    #expect(failure("{ maxShortPins: 2, mutants: ['unboundedPins'] }") == nil)
    #expect(failure("{ maxShortPins: 3 }") == nil)
  }

  @Test func overridesAreValidatedWithTheFile() {
    let e = failure("{ folios: 2 }", overrides: ["subpages=8"])
    #expect(e?.description.hasPrefix("cfg.json5: error: folios x subpages = 16 subpages") == true)
  }

  @Test func aConfigurationMustBeAnObject() {
    #expect(failure("\n [1, 2]")?.description == "cfg.json5:2:2: error: a configuration is a JSON5 object ({ key: value, ... }), found an array")
  }

  @Test func unreadableFilesSayWhy() {
    let missing = "/nonexistent/gmem-\(UUID().uuidString).json5"
    #expect(throws: ConfigError.unreadable(.init(missing), reason: "no such file")) {
      try ModelConfig.load(file: missing)
    }
    let dir = FileManager.default.temporaryDirectory.path
    #expect(throws: ConfigError.unreadable(.init(dir), reason: "it is a directory")) {
      try ModelConfig.load(file: dir)
    }
    #expect(ConfigError.unreadable(.init("a.json5"), reason: "r").description == "a.json5: error: cannot read the configuration: r")
  }
}

/// Errors in `--set key=value` overrides: each names the option as given.
@Suite struct ConfigOverrideErrorTests {
  @Test(arguments: ["subpages", "=5", ""])
  func overrideWithoutKeyEqualsValueIsMalformed(text: String) {
    #expect(overrideFailure(text) == .malformedOverride(.init("--set \(text)"), text: text))
    #expect(overrideFailure(text)?.description == "--set \(text): error: '\(text)' is not key=value (for example --set subpages=5)")
  }

  @Test(arguments: [
    ("subpage=5", "--set subpage=5: error: unknown key 'subpage'. Did you mean 'subpages'?"),
    ("folios=x", "--set folios=x: error: 'folios' must be an integer, found 'x'"),
    ("folios=99", "--set folios=99: error: 'folios' must be from 1 to 15, found 99"),
    ("initShared=yes", "--set initShared=yes: error: 'initShared' must be true or false, found 'yes'"),
    ("backing=hug", "--set backing=hug: error: 'backing' must be one of huge, base; found 'hug'. Did you mean 'huge'?"),
  ])
  func overrideErrorsQuoteTheOption(text: String, message: String) {
    #expect(overrideFailure(text)?.description == message)
  }

  @Test func unknownMutantInAnOverride() {
    let e = overrideFailure("mutants=mergeWithPins,skipSplitOnShar")
    #expect(e?.description.hasPrefix("--set mutants=mergeWithPins,skipSplitOnShar: error: 'mutants' must be one of ") == true)
    #expect(e?.description.hasSuffix("found 'skipSplitOnShar'. Did you mean 'skipSplitOnShare'?") == true)
  }

  @Test func aFailedOverrideInParseReportsTheOverride() {
    let e = failure("{}", overrides: ["folios=2", "maxMappers=4"])
    #expect(e?.description == "--set maxMappers=4: error: 'maxMappers' must be from 1 to 3, found 4")
  }
}
