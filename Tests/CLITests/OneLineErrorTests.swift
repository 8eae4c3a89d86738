import Foundation
import Testing

/// Issue 16: every error is one line with a place, each unreadable file
/// says why, and contradictory or empty requests are refused.
@Suite struct OneLineErrorTests {
  func rejected(_ args: [String]) throws -> String {
    let r = try CLI.run(args)
    #expect(r.status == 2, "\(args): \(r.stdout)")
    #expect(r.stdout.isEmpty, "stdout: \(r.stdout)")
    let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 2 && lines[1].isEmpty, "one line: \(r.stderr)")
    #expect(!r.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "raw control character: \(r.stderr)")
    return r.stderr
  }

  func file(_ bytes: [UInt8]) throws -> String {
    let path = try CLI.configFile("")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func eachUnreadableFileSaysWhy() throws {
    #expect(try rejected(["check", "Models/nope.json5"]).contains("Models/nope.json5: error: cannot read the configuration: no such file"))
    #expect(try rejected(["check", "Models"]).contains("Models: error: cannot read the configuration: it is a directory"))
    #expect(try rejected(["check", "/dev/null"]).contains("/dev/null: error: cannot read the configuration: not a regular file (a character device)"))
    let fifo = try CLI.configFile("") + ".fifo"
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(try rejected(["check", fifo]).contains("\(fifo): error: cannot read the configuration: not a regular file (a FIFO)"))
    let latin1 = try file(Array("{\n  folios: 1, // caf".utf8) + [0xE9] + Array("\n}\n".utf8))
    #expect(try rejected(["check", latin1]).contains("\(latin1):2:20: error: cannot read the configuration: not UTF-8 text (byte 0xE9)"))
    let verify = try CLI.run(["verify", latin1])
    #expect(verify.status == 2 && verify.stderr.hasSuffix(":2:20: error: cannot read the configuration: not UTF-8 text (byte 0xE9)\n"))
  }

  /// Root reads any file, so the test drops to nobody where it can.
  @Test func anUnreadableFileSaysPermissionDenied() throws {
    let path = try CLI.configFile("{ subpages: 1 }")
    #expect(chmod(path, 0) == 0)
    #expect(chmod((path as NSString).deletingLastPathComponent, 0o755) == 0)
    var args = ["check", path]
    if getuid() == 0 {
      guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
        print("anUnreadableFileSaysPermissionDenied: root without setpriv; checked in-process only")
        return
      }
      args = ["--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary.path] + args
    }
    let r = try args.first == "check" ? CLI.run(args) : CLI.run(args, executable: "/usr/bin/setpriv")
    #expect(r.status == 2)
    #expect(r.stderr == "gmemcheck: \(path): error: cannot read the configuration: permission denied\n")
  }

  @Test func keysValuesAndNamesAreEscapedOnOneLine() throws {
    let key = try CLI.configFile("{ 'sub\\npages': 1, }")
    #expect(try rejected(["check", key]).contains("unknown key 'sub\\npages'. Did you mean 'subpages'?"))
    let escape = try CLI.configFile("{ '\\u001b[2J\\u001b]0;pwned\\u0007': 1 }")
    #expect(try rejected(["check", escape]).contains("unknown key '\\u{1b}[2J\\u{1b}]0;pwned\\u{7}'"))
    #expect(try rejected(["check", "Models/default.json5", "--set", "subpages=1\n2"])
      == "gmemcheck: --set subpages=1\\n2: error: 'subpages' must be an integer, found '1\\n2'\n")
    let cr = try CLI.configFile("{ subpages: 1 }", name: "a\rb.json5")
    #expect(try rejected(["check", cr, "--set", "x=1"]).hasPrefix("gmemcheck: --set x=1: error: unknown key 'x'"))
    #expect(try rejected(["check", cr + "\u{1b}"]).contains("a\\rb.json5\\u{1b}: error: cannot read the configuration: no such file"))
    #expect(try rejected(["check", "Models/default.json5", "--propert\u{1b}y", "x"]).contains("unknown option '--propert\\u{1b}y'"))
  }

  @Test func aHugeKeyIsRefusedQuicklyInAShortLine() throws {
    let path = try CLI.configFile("{ " + String(repeating: "k", count: 2_000_000) + ": 1 }")
    let start = Date()
    let message = try rejected(["check", path])
    #expect(Date().timeIntervalSince(start) < 5)
    #expect(message.count < 300)
    #expect(message.contains("unknown key '" + String(repeating: "k", count: 80) + "...'"))
  }

  @Test func json5SyntaxAsTheSpecSays() throws {
    let zero = try CLI.configFile("{\n  subpages: 010,\n}")
    #expect(try rejected(["check", zero]).contains("\(zero):2:13: error: malformed JSON5: a number may not start with 0"))
    // A // comment ends at U+2028: the key after it is read (and refused).
    let separator = try CLI.configFile("{ subpages: 1, // note\u{2028} folio: 1 }")
    #expect(try rejected(["check", separator]).contains("\(separator):2:2: error: unknown key 'folio'"))
    #expect(try rejected(["check", "Models/default.json5", "--set", "backing='base"])
      .contains("--set backing='base: error: 'backing': a quote without its partner in 'base"))
    #expect(try rejected(["check", "Models/default.json5", "--set", "mutants=,,,"])
      .contains("--set mutants=,,,: error: 'mutants': an empty item in ',,,'"))
  }

  @Test func contradictoryOrEmptyRequestsAreRefused() throws {
    #expect(try rejected(["check", "Models/default.json5", "--property", "Deadlock", "--no-deadlock"])
      .contains("nothing to check"))
    #expect(try rejected(["check", "Models/default.json5", "--max-states", "10", "--max-states", "20"])
      .contains("option '--max-states' is given twice, as '10' and '20'"))
    #expect(try rejected(["check", "Models/default.json5", "--format=json", "--format", "text"]).contains("'--format'"))
    #expect(try rejected(["--version", "extra"]) == "gmemcheck: --version takes nothing more; found 'extra'\n")
    #expect(try rejected(["help", "bogus"]).contains("help has no topic 'bogus'"))
    #expect(try rejected(["help", "chek"]).contains("Did you mean 'check'?"))
    #expect(try rejected(["help", "check", "more"]).contains("found 'more'"))
    // The same value twice, and repeatable options, are fine.
    let same = try CLI.run(["check", "Models/default.json5", "--set", "subpages=1", "--set", "folios=1",
      "--format", "json", "--format", "json", "--property", "Deadlock", "--property", "NoUseAfterFree"])
    #expect(same.status == 0, "\(same.stderr)")
    #expect(try CLI.run(["help"]).status == 0)
  }
}
