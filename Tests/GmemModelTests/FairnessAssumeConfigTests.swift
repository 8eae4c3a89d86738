import Foundation
import Testing

@testable import GmemModel

/// The `fairness` and `assume` keys: files, `--set`, errors, JSON, `list`
/// and scenario rendering.
@Suite struct FairnessAssumeConfigTests {
  @Test func defaultsAreTheMODELFairnessAndNoAssumption() throws {
    let c = ModelConfig()
    // MODEL.md 3 and 6: pins released, the VMM retries and may give up on
    // a long-term pin, transient references dropped, merges run.
    let fair: [ActionKind] = [.unpin, .convert, .abandon, .dropRef, .merge]
    #expect(c.fairness == fair)
    #expect(c.assumptions == [])
    #expect(!c.assumes(.hostQuiescesDuringConversion))
    #expect(try ModelConfig.parse("{}", source: "x").fairness == fair)
  }

  @Test func aFileSetsBoth() throws {
    let text = """
      {
        fairness: ['unpin', "convert", 'merge', 'dmaUnmap'],
        assume: ["hostQuiescesDuringConversion"],
      }
      """
    let c = try ModelConfig.parse(text, source: "live.json5")
    var expected = ModelConfig()
    expected.fairness = [.unpin, .convert, .dmaUnmap, .merge]
    expected.assumptions = [.hostQuiescesDuringConversion]
    #expect(c == expected)
    #expect(c.assumes(.hostQuiescesDuringConversion))
  }

  @Test func fairnessIsKeptInActionOrderWithoutDuplicates() throws {
    // As with mutants: the list is a set, in the order actions are listed.
    let c = try ModelConfig.parse("{ fairness: ['merge', 'dmaUnmap', 'unpin', 'merge'] }", source: "x")
    #expect(c.fairness == [.unpin, .dmaUnmap, .merge])
    let d = try ModelConfig.parse(
      "{ assume: ['hostQuiescesDuringConversion', 'hostQuiescesDuringConversion'] }", source: "x")
    #expect(d.assumptions == [.hostQuiescesDuringConversion])
  }

  @Test func emptyListsClearTheDefaults() throws {
    #expect(try ModelConfig.parse("{ fairness: [] }", source: "x").fairness == [])
    #expect(try ModelConfig.parse("{ assume: [] }", source: "x").assumptions == [])
    var c = ModelConfig()
    c.assumptions = [.hostQuiescesDuringConversion]
    try c.apply(override: "fairness=")
    try c.apply(override: "assume=[]")
    #expect(c.fairness == [])
    #expect(c.assumptions == [])
  }

  @Test(arguments: [
    "fairness=unpin,convert,merge,dmaUnmap", "fairness=[unpin, convert, merge, dmaUnmap]",
    "fairness=['dmaUnmap', \"merge\", unpin, convert]", " fairness = unpin , convert,merge , dmaUnmap ",
  ])
  func overrideFormsOfTheFairnessList(text: String) throws {
    var c = ModelConfig()
    try c.apply(override: text)
    #expect(c.fairness == [.unpin, .convert, .dmaUnmap, .merge])
  }

  @Test(arguments: [
    "assume=hostQuiescesDuringConversion", "assume=[hostQuiescesDuringConversion]",
    "assume='hostQuiescesDuringConversion'", " assume = \"hostQuiescesDuringConversion\" ",
  ])
  func overrideFormsOfTheAssumptionList(text: String) throws {
    var c = ModelConfig()
    try c.apply(override: text)
    #expect(c.assumptions == [.hostQuiescesDuringConversion])
  }

  @Test func overridesReplaceTheFilesLists() throws {
    let c = try ModelConfig.parse(
      "{ fairness: ['unpin'], assume: ['hostQuiescesDuringConversion'] }", source: "x",
      overrides: ["fairness=convert,unpin", "assume="])
    #expect(c.fairness == [.unpin, .convert])
    #expect(c.assumptions == [])
  }

  @Test func loadReadsBothFromAFileAndTheCommandLine() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("gmem-live-\(UUID().uuidString).json5").path
    try "{ assume: ['hostQuiescesDuringConversion'], fairness: ['unpin'] } // live"
      .write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let file = try ModelConfig.load(file: path)
    #expect(file.assumptions == [.hostQuiescesDuringConversion])
    #expect(file.fairness == [.unpin])
    let set = try ModelConfig.load(file: path, overrides: ["fairness=unpin,convert,merge,dmaUnmap"])
    #expect(set.fairness == [.unpin, .convert, .dmaUnmap, .merge])
    #expect(set.assumptions == [.hostQuiescesDuringConversion])
    // The configuration reaches the model.
    #expect(GuestMemfd(set).fairnessClasses.names.contains("dmaUnmap p3"))
    #expect(!GuestMemfd(file).fairnessClasses.names.contains("convert"))
  }

  @Test func everyActionKindCanBeFair() throws {
    let names = ActionKind.allCases.map(\.name)
    var c = ModelConfig()
    try c.apply(override: "fairness=" + names.joined(separator: ","))
    #expect(c.fairness == ActionKind.allCases)
    let f = try ModelConfig.parse("{ fairness: [" + names.map { "'\($0)'" }.joined(separator: ", ") + "] }", source: "x")
    #expect(f.fairness == ActionKind.allCases)
  }

  // MARK: Errors

  @Test func anUnknownFairActionPointsAtTheItemAndSuggests() {
    let e = failure("{ fairness: ['unpin', 'unpinn'] }")
    #expect(
      e == .unknownValue(
        .init("cfg.json5", .init(line: 1, column: 23)), key: "fairness", value: "unpinn",
        allowed: ActionKind.allCases.map(\.name)))
    #expect(e?.description.hasPrefix("cfg.json5:1:23: error: 'fairness' must be one of guestRequest, guestAccess, ") == true)
    #expect(e?.description.hasSuffix("found 'unpinn'. Did you mean 'unpin'?") == true)
  }

  @Test func anUnknownAssumptionPointsAtTheItemAndSuggests() {
    let e = failure("{\n  assume: ['hostQuiescesDuringConversio'],\n}")
    #expect(
      e == .unknownValue(
        .init("cfg.json5", .init(line: 2, column: 12)), key: "assume", value: "hostQuiescesDuringConversio",
        allowed: ["hostQuiescesDuringConversion", "transientRefsSettle"]))
    #expect(e?.description == """
      cfg.json5:2:12: error: 'assume' must be one of hostQuiescesDuringConversion, transientRefsSettle; \
      found 'hostQuiescesDuringConversio'. Did you mean 'hostQuiescesDuringConversion'?
      """)
  }

  @Test(arguments: [
    ("{ fairness: 'unpin' }", "cfg.json5:1:13: error: 'fairness' must be a list of strings, found a string"),
    ("{ assume: true }", "cfg.json5:1:11: error: 'assume' must be a list of strings, found a boolean"),
    ("{ assume: [1] }", "cfg.json5:1:12: error: 'assume' must be a list of strings, found an integer"),
  ])
  func wrongTypesPointAtTheValue(text: String, message: String) {
    #expect(failure(text)?.description == message)
  }

  @Test(arguments: [
    ("fairness=unpin,merg", "--set fairness=unpin,merg: error: 'fairness' must be one of guestRequest, ", "found 'merg'. Did you mean 'merge'?"),
    ("assume=quiet", "--set assume=quiet: error: 'assume' must be one of hostQuiescesDuringConversion, transientRefsSettle; found 'quiet'.", ""),
  ])
  func overrideErrorsQuoteTheOption(text: String, prefix: String, suffix: String) {
    let description = overrideFailure(text)?.description ?? ""
    #expect(description.hasPrefix(prefix))
    #expect(description.hasSuffix(suffix))
  }

  @Test func aMisspeltKeySuggestsTheNewKeys() {
    #expect(overrideFailure("fairnes=unpin") == .unknownKey(.init("--set fairnes=unpin"), key: "fairnes", suggestion: "fairness"))
    #expect(overrideFailure("assumes=hostQuiescesDuringConversion")?.description.hasSuffix("Did you mean 'assume'?") == true)
  }

  // MARK: Rendering

  @Test func listShowsAllowedNamesAndDefaults() throws {
    let fairness = try #require(ConfigKey.named("fairness"))
    let assume = try #require(ConfigKey.named("assume"))
    guard case .list(let fairNames) = fairness.kind, case .list(let assumeNames) = assume.kind else {
      Issue.record("fairness and assume are list keys")
      return
    }
    #expect(fairNames == ActionKind.allCases.map(\.name))
    #expect(assumeNames == ["hostQuiescesDuringConversion", "transientRefsSettle"])
    #expect(fairness.allowed == "[NAME, ...]")
    #expect(assume.allowed == "[NAME, ...]")
    #expect(!fairness.summary.isEmpty)
    #expect(!assume.summary.isEmpty)
    let defaults = ModelConfig()
    #expect(fairness.value(in: defaults) == "[unpin, convert, abandon, dropRef, merge]")
    #expect(fairness.names(in: defaults) == ["unpin", "convert", "abandon", "dropRef", "merge"])
    #expect(assume.value(in: defaults) == "[]")
    #expect(assume.names(in: defaults) == [])
    var c = ModelConfig()
    try c.apply(override: "fairness=dmaUnmap,unpin")
    try c.apply(override: "assume=hostQuiescesDuringConversion")
    #expect(fairness.value(in: c) == "[unpin, dmaUnmap]")
    #expect(fairness.names(in: c) == ["unpin", "dmaUnmap"])
    #expect(assume.value(in: c) == "[hostQuiescesDuringConversion]")
    #expect(assume.names(in: c) == ["hostQuiescesDuringConversion"])
  }

  @Test func jsonHoldsBothListsBeforeTheExpectations() throws {
    #expect(ModelConfig().json.rendered().hasSuffix(
      #","mutants":[],"fairness":["unpin","convert","abandon","dropRef","merge"],"assume":[],"unfired":{},"expect":{}}"#))
    let c = try ModelConfig.parse(
      "{ fairness: ['unpin', 'dmaUnmap'], assume: ['hostQuiescesDuringConversion'] }", source: "x")
    #expect(c.json.rendered().hasSuffix(
      #","mutants":[],"fairness":["unpin","dmaUnmap"],"assume":["hostQuiescesDuringConversion"],"unfired":{},"expect":{}}"#))
    guard case .object(let members) = c.json else {
      Issue.record("the configuration JSON is an object")
      return
    }
    #expect(members.map(\.0) == ConfigKey.names)
    #expect(members.first { $0.0 == "fairness" }?.1 == .array([.string("unpin"), .string("dmaUnmap")]))
    #expect(members.first { $0.0 == "assume" }?.1 == .array([.string("hostQuiescesDuringConversion")]))
    let empty = try ModelConfig.parse("{ fairness: [] }", source: "x")
    #expect(empty.json.rendered().contains(#""fairness":[],"assume":[]"#))
  }

  @Test func aCheckJSONModelReadsBackToTheSameConfiguration() throws {
    var c = ModelConfig()
    c.subpages = 2
    try c.apply(override: "fairness=unpin,convert,merge,dmaUnmap")
    try c.apply(override: "assume=hostQuiescesDuringConversion")
    let m = GuestMemfd(c)
    let (step, next) = try #require(m.step(.access(0), from: m.initialState))
    let json = JSONValue.object([
      ("model", c.json),
      ("counterexamples", .array([.object([
        ("property", .string("ConversionCompletes")), ("kind", .string("liveness")), ("violated", .array([])),
        ("initial", m.json(m.initialState)), ("steps", .array([m.json(step, after: next)])),
      ])])),
    ]).rendered()
    let scenarios = try Scenario.fromCheckJSON(json, source: "check.json")
    #expect(try #require(scenarios.first).model == c)
    #expect(try scenarios[0].configuration() == c)
  }

  @Test func aWrittenScenarioSetsBothAndReadsBack() throws {
    var c = ModelConfig()
    c.subpages = 2
    try c.apply(override: "fairness=unpin,convert,merge,dmaUnmap")
    try c.apply(override: "assume=hostQuiescesDuringConversion")
    let text = GuestMemfd(c).scenario([], violating: [], origin: "test")
    let sets = text.split(separator: "\n").filter { $0.hasPrefix("set ") }.map { String($0.dropFirst(4)) }
    #expect(sets.contains("fairness=unpin,convert,dmaUnmap,merge"))
    #expect(sets.contains("assume=hostQuiescesDuringConversion"))
    var back = ModelConfig()
    for s in sets { try back.apply(override: s) }
    #expect(back == c)
    // The defaults: an empty assumption list is written, and reads back empty.
    let plain = GuestMemfd(ModelConfig()).scenario([], violating: [], origin: "test")
    #expect(plain.contains("\nset fairness=unpin,convert,abandon,dropRef,merge\n"))
    #expect(plain.contains("\nset assume=\n"))
  }
}
