import Foundation
import Testing

/// Every kind of bad input: one precise message on stderr naming the file
/// and key, exit status 2, nothing on stdout.
@Suite struct BadInputTests {
  func expectRejected(_ args: [String], saying parts: [String]) throws {
    let r = try CLI.run(args)
    #expect(r.status == 2, "\(args)")
    #expect(r.stdout.isEmpty, "stdout: \(r.stdout)")
    for part in parts { #expect(r.stderr.contains(part), "stderr: \(r.stderr) lacks \(part)") }
    #expect(r.stderr.split(separator: "\n").count == 1, "one line: \(r.stderr)")
  }

  @Test func malformedJSON5GivesLineAndColumn() throws {
    let path = try CLI.configFile("{\n  folios: 1,\n  subpages: 4\n  backing: 'huge',\n}\n")
    try expectRejected(["check", path], saying: ["\(path):4:3: error: malformed JSON5", "expected ',' or '}'"])
  }

  @Test func unterminatedComment() throws {
    let path = try CLI.configFile("{ folios: 1 /* no end\n")
    try expectRejected(["check", path], saying: ["\(path):1:13:", "unterminated /* comment"])
  }

  @Test func unknownKeySuggestsTheNearest() throws {
    let path = try CLI.configFile("{\n  maxLongpins: 1,\n}")
    try expectRejected(["check", path], saying: ["\(path):2:3:", "unknown key 'maxLongpins'", "Did you mean 'maxLongPins'?"])
  }

  @Test func wrongType() throws {
    let path = try CLI.configFile("{ subpages: '4' }")
    try expectRejected(["check", path], saying: ["\(path):1:13:", "'subpages' must be an integer, found a string"])
  }

  @Test func outOfRange() throws {
    try expectRejected(["check", try CLI.configFile("{ subpages: 0 }")], saying: ["'subpages' must be from 1 to 15, found 0"])
    try expectRejected(["check", try CLI.configFile("{ folios: -1 }")], saying: ["'folios' must be from 1 to 15, found -1"])
    try expectRejected(["check", try CLI.configFile("{ maxMappers: 4 }")], saying: ["'maxMappers' must be from 1 to 3, found 4"])
  }

  @Test func tooLargeForThePackedState() throws {
    let path = try CLI.configFile("{ folios: 2, subpages: 8 }")
    try expectRejected(["check", path], saying: ["\(path): error:", "16 subpages", "'folios', 'subpages'"])
  }

  @Test func unknownValueSuggests() throws {
    let path = try CLI.configFile("{ backing: 'hugepage' }")
    try expectRejected(["check", path], saying: ["'backing' must be one of huge, base; found 'hugepage'"])
    let mutant = try CLI.configFile("{ mutants: ['skipRefCountCheck'] }")
    try expectRejected(["check", mutant], saying: ["found 'skipRefCountCheck'", "Did you mean 'skipRefcountCheck'?"])
  }

  @Test func duplicateKey() throws {
    let path = try CLI.configFile("{ folios: 1,\n folios: 2 }")
    try expectRejected(["check", path], saying: ["\(path):2:2:", "key 'folios' appears twice"])
  }

  @Test func notAnObject() throws {
    try expectRejected(["check", try CLI.configFile("[1, 2]")], saying: ["a configuration is a JSON5 object"])
  }

  @Test func missingFile() throws {
    try expectRejected(["check", "Models/nope.json5"], saying: ["Models/nope.json5: error: cannot read"])
  }

  @Test func badOverrides() throws {
    try expectRejected(["check", "Models/default.json5", "--set", "subpage=3"],
                       saying: ["--set subpage=3: error: unknown key 'subpage'", "Did you mean 'subpages'?"])
    try expectRejected(["check", "Models/default.json5", "--set", "subpages"], saying: ["'subpages' is not key=value"])
    try expectRejected(["check", "Models/default.json5", "--set", "initShared=yes"],
                       saying: ["'initShared' must be true or false, found 'yes'"])
  }

  @Test func badOptions() throws {
    try expectRejected(["check", "Models/default.json5", "--max-state", "5"],
                       saying: ["unknown option '--max-state'", "Did you mean '--max-states'?"])
    try expectRejected(["check", "Models/default.json5", "--max-states", "lots"],
                       saying: ["'--max-states' must be a whole number"])
    try expectRejected(["check", "Models/default.json5", "--max-states", "0"], saying: ["from 1 to"])
    try expectRejected(["check", "Models/default.json5", "--format", "yaml"],
                       saying: ["'--format' must be one of text, json, mermaid, table, found 'yaml'"])
    try expectRejected(["check", "Models/default.json5", "--max-depth"], saying: ["'--max-depth' needs a value"])
    try expectRejected(["chek"], saying: ["unknown command 'chek'", "Did you mean 'check'?"])
    try expectRejected(["check"], saying: ["check needs a configuration file"])
  }

  @Test func incompatibleKeys() throws {
    let path = try CLI.configFile("{ backing: 'base', split: 'never' }")
    try expectRejected(["check", path], saying: ["\(path): error: 'split' is about huge folios", "'split', 'backing'"])
    try expectRejected(["check", "Models/default.json5", "--set", "mutants=migratePinned"],
                       saying: ["mutant migratePinned needs migration"])
  }

  @Test func expectNamesAnUnknownOrUncheckedProperty() throws {
    let typo = try CLI.configFile("{\n  expect: {\n    NoUseAfterFee: 'fail' } }")
    try expectRejected(["check", typo], saying: ["\(typo):3:5: error: 'expect' names unknown property 'NoUseAfterFee'", "Did you mean 'NoUseAfterFree'?"])
    let unchecked = try CLI.configFile("{ expect: { NoSilentDataLoss: 'pass' } }")
    try expectRejected(["check", unchecked], saying: ["names NoSilentDataLoss, which is not checked here: trackData is off"])
    let verdict = try CLI.configFile("{ expect: { NoUseAfterFree: 'fails' } }")
    try expectRejected(["check", verdict], saying: ["'expect.NoUseAfterFree' must be one of pass, fail; found 'fails'"])
  }

  @Test func unknownPropertySuggests() throws {
    try expectRejected(["check", "Models/default.json5", "--property", "NoPrivateInUserSpace"],
                       saying: ["unknown property 'NoPrivateInUserSpace'", "Did you mean 'NoPrivateInUserspace'?"])
  }
}
