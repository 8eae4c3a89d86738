import Testing

@testable import GmemModel


/// Errors in the design knobs and in `expect`, with their full messages.
@Suite struct ConfigKnobValueErrorTests {
  @Test(arguments: [
    ("{ split: 'atcreation' }", "cfg.json5:1:10: error: 'split' must be one of onConversion, atCreation, never; found 'atcreation'. Did you mean 'atCreation'?"),
    ("{ longTermPins: 'pfn' }", "cfg.json5:1:17: error: 'longTermPins' must be one of allowed, forbidden, pfnCallback; found 'pfn'."),
    ("{ refcount: 'perfolio' }", "cfg.json5:1:13: error: 'refcount' must be one of perSubpage, perFolio; found 'perfolio'. Did you mean 'perFolio'?"),
    ("{ migration: 'shared2M' }", "cfg.json5:1:14: error: 'migration' must be one of none, shared4K; found 'shared2M'. Did you mean 'shared4K'?"),
    ("{ conversionContent: 'zero' }", "cfg.json5:1:22: error: 'conversionContent' must be one of preserve, scrub; found 'zero'."),
    ("{ trackData: 'yes' }", "cfg.json5:1:14: error: 'trackData' must be true or false, found a string"),
    ("{ split: true }", "cfg.json5:1:10: error: 'split' must be a string, found a boolean"),
  ])
  func knobValueErrorsInAFile(text: String, message: String) {
    #expect(failure(text)?.description == message)
  }

  @Test(arguments: [
    ("split=sometimes", "--set split=sometimes: error: 'split' must be one of onConversion, atCreation, never; found 'sometimes'."),
    ("longTermPins=forbiden", "--set longTermPins=forbiden: error: 'longTermPins' must be one of allowed, forbidden, pfnCallback; found 'forbiden'. Did you mean 'forbidden'?"),
    ("trackData=1", "--set trackData=1: error: 'trackData' must be true or false, found '1'"),
    ("conversionContent=Scrub", "--set conversionContent=Scrub: error: 'conversionContent' must be one of preserve, scrub; found 'Scrub'. Did you mean 'scrub'?"),
  ])
  func knobValueErrorsInAnOverride(text: String, message: String) {
    #expect(overrideFailure(text)?.description == message)
  }

  @Test func expectWithAWrongVerdictInAFile() {
    let e = failure("{ expect: { NoUseAfterFree: 'fails' } }")
    #expect(e == .unknownValue(.init("cfg.json5", .init(line: 1, column: 29)), key: "expect.NoUseAfterFree", value: "fails", allowed: ["pass", "fail"]))
    #expect(e?.description == "cfg.json5:1:29: error: 'expect.NoUseAfterFree' must be one of pass, fail; found 'fails'. Did you mean 'fail'?")
  }

  @Test func expectWithANonStringVerdictInAFile() {
    let e = failure("{ expect: { NoUseAfterFree: false } }")
    #expect(e?.description == "cfg.json5:1:29: error: 'expect.NoUseAfterFree' must be \"pass\" or \"fail\", found a boolean")
  }

  @Test(arguments: [
    ("{ expect: ['NoUseAfterFree'] }", "cfg.json5:1:11: error: 'expect' must be an object of property names to \"pass\" or \"fail\", found an array"),
    ("{ expect: 'NoUseAfterFree:fail' }", "cfg.json5:1:11: error: 'expect' must be an object of property names to \"pass\" or \"fail\", found a string"),
  ])
  func expectMustBeAnObject(text: String, message: String) {
    #expect(failure(text)?.description == message)
  }

  @Test func expectNamingAPropertyTwiceNamesBothPlaces() {
    let e = failure("{ expect: {\n    NoUseAfterFree: 'fail',\n    NoUseAfterFree: 'pass' } }")
    #expect(e == .duplicateKey(.init("cfg.json5", .init(line: 3, column: 5)), key: "NoUseAfterFree", first: .init(line: 2, column: 5)))
    #expect(e?.description == "cfg.json5:3:5: error: key 'NoUseAfterFree' appears twice (first at line 2)")
  }

  @Test(arguments: ["NoUseAfterFree", ":fail", "NoUseAfterFree:fail:pass"])
  func expectOverrideThatIsNotPropertyColonVerdict(part: String) {
    #expect(overrideFailure("expect=\(part)")?.description == "--set expect=\(part): error: 'expect' must be PROPERTY:pass|fail, ..., found '\(part)'")
  }

  @Test func expectOverrideWithAWrongVerdict() {
    let e = overrideFailure("expect=SplitIfAnyShared:pass,NoUseAfterFree:maybe")
    #expect(e == .unknownValue(.init("--set expect=SplitIfAnyShared:pass,NoUseAfterFree:maybe"), key: "expect.NoUseAfterFree", value: "maybe", allowed: ["pass", "fail"]))
    #expect(e?.description == "--set expect=SplitIfAnyShared:pass,NoUseAfterFree:maybe: error: 'expect.NoUseAfterFree' must be one of pass, fail; found 'maybe'.")
  }
}

/// Combinations that `validate` refuses (`incompatible`).
@Suite struct ConfigIncompatibleTests {
  @Test(arguments: [("split", "'atCreation'"), ("split", "'never'"), ("refcount", "'perFolio'"), ("migration", "'shared4K'")])
  func hugeFolioKnobsNeedHugeBacking(key: String, value: String) {
    let e = failure("{ backing: 'base', \(key): \(value) }")
    #expect(e == .incompatible(.init("cfg.json5"), keys: [key, "backing"], message: "'\(key)' is about huge folios; with backing \"base\" leave it at its default"))
    #expect(e?.description == "cfg.json5: error: '\(key)' is about huge folios; with backing \"base\" leave it at its default (keys '\(key)', 'backing')")
    #expect(failure("{ \(key): \(value) }") == nil)
  }

  @Test func hugeFolioKnobsAtTheirDefaultsAreFineWithBaseBacking() {
    #expect(failure("{ backing: 'base', split: 'onConversion', refcount: 'perSubpage', migration: 'none' }") == nil)
    #expect(failure("{ backing: 'base', longTermPins: 'pfnCallback', trackData: true, conversionContent: 'scrub' }") == nil)
  }

  @Test func theCombinationIsCheckedAfterTheOverrides() {
    let e = failure("{ migration: 'shared4K' }", overrides: ["backing=base"])
    #expect(e?.description == "cfg.json5: error: 'migration' is about huge folios; with backing \"base\" leave it at its default (keys 'migration', 'backing')")
    #expect(failure("{ backing: 'base', refcount: 'perFolio' }", overrides: ["backing=huge"]) == nil)
  }

  @Test(arguments: ["{}", "{ migration: 'shared4K' }", "{ trackData: true }"])
  func migratePinnedNeedsMigrationAndTrackData(design: String) {
    let e = failure(design, overrides: ["mutants=migratePinned"])
    #expect(e == .incompatible(.init("cfg.json5"), keys: ["mutants", "migration"], message: "mutant migratePinned needs migration: \"shared4K\" and trackData: true, or it changes nothing"))
    #expect(e?.description == "cfg.json5: error: mutant migratePinned needs migration: \"shared4K\" and trackData: true, or it changes nothing (keys 'mutants', 'migration')")
    #expect(failure("{ migration: 'shared4K', trackData: true, mutants: ['migratePinned'] }") == nil)
  }

  @Test(arguments: ["allowed", "forbidden"])
  func skipIommuInvalidateNeedsPfnCallback(longTermPins: String) {
    let e = failure("{ longTermPins: '\(longTermPins)', mutants: ['skipIommuInvalidate'] }")
    #expect(e == .incompatible(.init("cfg.json5"), keys: ["mutants", "longTermPins"], message: "mutant skipIommuInvalidate needs longTermPins: \"pfnCallback\", or it changes nothing"))
    #expect(e?.description == "cfg.json5: error: mutant skipIommuInvalidate needs longTermPins: \"pfnCallback\", or it changes nothing (keys 'mutants', 'longTermPins')")
    #expect(failure("{ longTermPins: 'pfnCallback', mutants: ['skipIommuInvalidate'] }") == nil)
  }
}
