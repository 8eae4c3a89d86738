import Testing

@testable import GmemModel

/// Every value of a choice key, read from a file and from each `--set`
/// form, starting from a configuration that has another value.
private func readsEveryValue<T: Equatable & CaseIterable & RawRepresentable>(
  _ key: String, _ path: WritableKeyPath<ModelConfig, T>,
  sourceLocation: SourceLocation = #_sourceLocation
) throws where T.RawValue == String {
  for v in T.allCases {
    let file = try ModelConfig.parse("{ \(key): '\(v.rawValue)' }", source: "x")
    #expect(file[keyPath: path] == v, "file \(v)", sourceLocation: sourceLocation)
    for text in ["\(key)=\(v.rawValue)", "\(key)=\"\(v.rawValue)\"", " \(key) = '\(v.rawValue)' "] {
      var c = ModelConfig()
      c[keyPath: path] = try #require(T.allCases.first { $0 != v })
      try c.apply(override: text)
      #expect(c[keyPath: path] == v, "\(text)", sourceLocation: sourceLocation)
    }
  }
}

/// Reading the design knobs and `expect` (files and `--set`).
@Suite struct ConfigKnobTests {
  @Test func parseReadsTheHugeFolioKnobs() throws {
    let text = """
      {
        split: 'atCreation',
        longTermPins: "pfnCallback",
        refcount: 'perFolio',
        migration: 'shared4K',
        trackData: true,
        conversionContent: "scrub",
        mutants: ['migratePinned', 'skipIommuInvalidate'],
      }
      """
    var expected = ModelConfig()
    expected.split = .atCreation
    expected.longTermPins = .pfnCallback
    expected.refcount = .perFolio
    expected.migration = .shared4K
    expected.trackData = true
    expected.conversionContent = .scrub
    expected.mutants = [.skipIommuInvalidate, .migratePinned]
    #expect(try ModelConfig.parse(text, source: "knobs.json5") == expected)
  }

  @Test func everyChoiceOfEveryKnobIsRead() throws {
    try readsEveryValue("split", \.split)
    try readsEveryValue("longTermPins", \.longTermPins)
    try readsEveryValue("refcount", \.refcount)
    try readsEveryValue("migration", \.migration)
    try readsEveryValue("conversionContent", \.conversionContent)
    #expect(SplitPolicy.allCases.map(\.rawValue) == ["onConversion", "atCreation", "never"])
    #expect(LongTermPins.allCases.map(\.rawValue) == ["allowed", "forbidden", "pfnCallback"])
    #expect(Refcount.allCases.map(\.rawValue) == ["perSubpage", "perFolio"])
    #expect(Migration.allCases.map(\.rawValue) == ["none", "shared4K"])
    #expect(ConversionContent.allCases.map(\.rawValue) == ["preserve", "scrub"])
  }

  @Test func trackDataIsReadBothWays() throws {
    #expect(try ModelConfig.parse("{ trackData: true }", source: "x").trackData)
    var c = ModelConfig()
    try c.apply(override: "trackData=true")
    #expect(c.trackData)
    try c.apply(override: "trackData=false")
    #expect(!c.trackData)
  }

  @Test func expectIsReadInOrderWithWhereEachIsWritten() throws {
    let c = try ModelConfig.parse(
      "{\n  expect: {\n    NoUseAfterFree: 'fail',\n    \"SplitIfAnyShared\": \"pass\",\n  },\n}",
      source: "x")
    #expect(c.expectations == [
      ExpectedVerdict(property: "NoUseAfterFree", verdict: .fail, position: .init(line: 3, column: 5)),
      ExpectedVerdict(property: "SplitIfAnyShared", verdict: .pass, position: .init(line: 4, column: 5)),
    ])
    #expect(try ModelConfig.parse("{ expect: {} }", source: "x").expectations == [])
  }

  @Test(arguments: [
    "expect=NoUseAfterFree:fail,SplitIfAnyShared:pass",
    " expect = NoUseAfterFree : fail , SplitIfAnyShared:pass ",
  ])
  func expectOverrideForms(text: String) throws {
    var c = ModelConfig()
    try c.apply(override: text)
    #expect(c.expectations == [
      ExpectedVerdict(property: "NoUseAfterFree", verdict: .fail, position: nil),
      ExpectedVerdict(property: "SplitIfAnyShared", verdict: .pass, position: nil),
    ])
  }

  @Test func expectOverridesMergePerPropertyIntoTheFile() throws {
    let c = try ModelConfig.parse(
      "{ expect: { NoUseAfterFree: 'fail', SplitIfAnyShared: 'fail' } }", source: "x",
      overrides: ["expect=SplitIfAnyShared:pass,NoSilentDataLoss:fail", "expect=NoSilentDataLoss:pass"])
    #expect(c.expectations == [
      ExpectedVerdict(property: "NoUseAfterFree", verdict: .fail, position: .init(line: 1, column: 13)),
      ExpectedVerdict(property: "SplitIfAnyShared", verdict: .pass, position: nil),
      ExpectedVerdict(property: "NoSilentDataLoss", verdict: .pass, position: nil),
    ])
    #expect(ConfigKey.named("expect")?.value(in: c) == "{NoUseAfterFree: fail, SplitIfAnyShared: pass, NoSilentDataLoss: pass}")
  }

  @Test func oneOverrideNamingAPropertyTwiceKeepsOneEntryTheLater() throws {
    // `--set expect=...` merges per property and later expectations replace
    // earlier ones (ConfigKey "expect"); a file naming a property twice is
    // an error. Within one override both entries are kept, so the
    // configuration (and its JSON) names the property twice.
    var c = ModelConfig()
    try c.apply(override: "expect=NoUseAfterFree:fail,NoUseAfterFree:pass")
    #expect(c.expectations == [ExpectedVerdict(property: "NoUseAfterFree", verdict: .pass, position: nil)])
  }

  @Test func theConfigurationJSONHoldsEveryKnobAndTheExpectations() throws {
    let c = try ModelConfig.parse(
      "{ split: 'never', longTermPins: 'forbidden', migration: 'shared4K', trackData: true, expect: { NoUseAfterFree: 'fail' } }",
      source: "x")
    #expect(c.json.rendered() == """
      {"folios":1,"subpages":4,"backing":"huge","initShared":false,"maxMappers":1,"maxShortPins":1,\
      "maxLongPins":1,"split":"never","longTermPins":"forbidden","refcount":"perSubpage",\
      "migration":"shared4K","trackData":true,"conversionContent":"preserve","transientRefs":false,\
      "partialPunch":"zero","vcpus":1,"mutants":[],"fairness":["unpin","convert","abandon","dropRef","merge"],\
      "assume":[],"unfired":{},"expect":{"NoUseAfterFree":"fail"}}
      """)
  }
}
