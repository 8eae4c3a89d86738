import Testing

@testable import GmemModel

/// A value in one canonical spelling, so tests can compare whole trees.
private func render(_ value: JSON5Value) -> String {
  switch value {
  case .null: "null"
  case .bool(let b): "\(b)"
  case .integer(let i): "\(i)"
  case .number(let d): "#\(d)"
  case .string(let s): "\"\(s)\""
  case .array(let items): "[" + items.map { render($0.value) }.joined(separator: ",") + "]"
  case .object(let members):
    "{" + members.map { "\($0.key):" + render($0.value.value) }.joined(separator: ",") + "}"
  }
}

private func parse(_ text: String) throws -> String { render(try JSON5Parser.parse(text).value) }

/// The syntax error a text raises, or nil.
private func syntaxError(_ text: String) -> JSON5SyntaxError? {
  do {
    _ = try JSON5Parser.parse(text)
    return nil
  } catch {
    return error
  }
}

private func at(_ line: Int, _ column: Int, _ message: String) -> JSON5SyntaxError {
  JSON5SyntaxError(position: SourcePosition(line: line, column: column), message: message)
}

@Suite struct JSON5ParserTests {
  @Test func lineAndBlockCommentsAreBlank() throws {
    let text = "// head\n{ /* a\n multi-line */ a: 1, // tail\n b: /**/ 2 }\n// end"
    #expect(try parse(text) == "{a:1,b:2}")
  }

  @Test func trailingCommasAreAllowed() throws {
    #expect(try parse("{ a: [1, 2,], }") == "{a:[1,2]}")
    #expect(try parse("[]") == "[]")
    #expect(try parse("{}") == "{}")
  }

  @Test func singleAndDoubleQuotedStrings() throws {
    #expect(try parse("['it\"s', \"it's\", 'a\\'b']") == "[\"it\"s\",\"it's\",\"a'b\"]")
  }

  @Test func escapesInStrings() throws {
    let text = "'\\x41\\u00e9\\n\\t\\\\\\/z\\\n!'"  // a line continuation before '!'
    #expect(try parse(text) == "\"Aé\n\t\\/z!\"")
  }

  @Test func hexadecimalIntegers() throws {
    #expect(try parse("[0x1F, 0XfF, -0x10, +0x2]") == "[31,255,-16,2]")
  }

  @Test func decimalNumbersAndSpecialValues() throws {
    #expect(try parse("[+1, -2, 0, .5, 5., 1e3, -1.5E-2]") == "[1,-2,0,#0.5,#5.0,#1000.0,#-0.015]")
    #expect(try parse("[Infinity, -Infinity, true, false, null]") == "[#inf,#-inf,true,false,null]")
    if case .number(let nan) = try JSON5Parser.parse("NaN").value { #expect(nan.isNaN) } else {
      Issue.record("NaN is not a number")
    }
  }

  @Test func identifiersAndQuotedStringsAsKeys() throws {
    #expect(try parse("{ $a_1: 1, _b: 2, 'c d': 3, \"e\": 4 }") == "{$a_1:1,_b:2,c d:3,e:4}")
  }

  @Test func duplicateKeysAreKeptInOrder() throws {
    #expect(try parse("{ a: 1, a: 2 }") == "{a:1,a:2}")
  }

  @Test func nodesRecordWhereKeysAndValuesStart() throws {
    let root = try JSON5Parser.parse("\n  { key: [1,\n   'two'] }")
    #expect(root.position == SourcePosition(line: 2, column: 3))
    guard case .object(let members) = root.value, case .array(let items) = members[0].value.value
    else {
      Issue.record("not an object holding an array")
      return
    }
    #expect(members[0].keyPosition == SourcePosition(line: 2, column: 5))
    #expect(members[0].value.position == SourcePosition(line: 2, column: 10))
    #expect(items.map(\.position) == [.init(line: 2, column: 11), .init(line: 3, column: 4)])
  }

  @Test func columnsCountCharactersNotBytes() {
    #expect(syntaxError("{ 'é€': x }") == at(1, 9, "'x' is not a JSON5 value (strings need quotes: \"x\")"))
  }

  @Test func unterminatedStringIsReportedAtItsQuote() {
    #expect(syntaxError("{\n  a: 'abc") == at(2, 6, "unterminated string"))
    #expect(syntaxError("{ a: \"abc\n\" }") == at(1, 6, "unterminated string: a line ends inside it"))
  }

  @Test func unterminatedCommentIsReportedAtItsStart() {
    #expect(syntaxError("{ a: 1,\n  /* never closed\n }") == at(2, 3, "unterminated /* comment"))
  }

  @Test func unterminatedObjectsAndArrays() {
    #expect(syntaxError("{ a: 1") == at(1, 7, "unterminated object: expected ',' or '}'"))
    #expect(syntaxError("{ a: 1,") == at(1, 8, "unterminated object: expected a key or '}'"))
    #expect(syntaxError("[1,\n2") == at(2, 2, "unterminated array: expected ',' or ']'"))
  }

  @Test func structuralErrorsNameWhatWasExpected() {
    #expect(syntaxError("{ a 1 }") == at(1, 5, "expected ':' after the key 'a', found '1'"))
    #expect(syntaxError("{ a: 1 b: 2 }") == at(1, 8, "expected ',' or '}' after the value of 'a', found 'b'"))
    #expect(syntaxError("[1 2]") == at(1, 4, "expected ',' or ']' in the array, found '2'"))
    #expect(syntaxError("{ -: 1 }") == at(1, 3, "expected a key or '}', found '-'"))
  }

  @Test func aTextMustHoldExactlyOneValue() {
    #expect(syntaxError("") == at(1, 1, "the text holds no value"))
    #expect(syntaxError("  // only a comment\n") == at(2, 1, "the text holds no value"))
    #expect(syntaxError("{} {}") == at(1, 4, "unexpected '{' after the value"))
  }

  @Test func bareWordsAndBadNumbersAreRejected() {
    #expect(syntaxError("{ backing: huge }") == at(1, 12, "'huge' is not a JSON5 value (strings need quotes: \"huge\")"))
    #expect(syntaxError("[0xZ]") == at(1, 2, "'0x' is not a hexadecimal integer"))
    #expect(syntaxError("[1e]") == at(1, 2, "'1e' is not a number"))
    #expect(syntaxError("[-abc]") == at(1, 2, "'-abc' is not a number"))
  }

  @Test func badEscapesAreRejected() {
    #expect(syntaxError(#"'\xG1'"#) == at(1, 4, "expected a hexadecimal digit, found 'G'"))
    #expect(syntaxError(#"'\uD800'"#)?.message == "\\ud800 is not a character (surrogates are not supported)")
  }

  @Test func nestingIsBounded() {
    let deep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
    #expect(syntaxError(deep)?.message == "values nested more than 64 deep")
    let fine = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
    #expect(syntaxError(fine) == nil)
  }

  @Test func leadingZerosAreRefused() throws {
    #expect(syntaxError("{ subpages: 010 }") == at(1, 13, "a number may not start with 0 and another digit (JSON5 has no octal): write 10"))
    #expect(syntaxError("[-007]") == at(1, 2, "a number may not start with 0 and another digit (JSON5 has no octal): write -7"))
    #expect(syntaxError("[00]")?.message.hasSuffix("write 0") == true)
    #expect(try parse("[0, 0.5, -0, 0e2, 0x10]") == "[0,#0.5,0,#0.0,16]")
  }

  @Test func lineAndParagraphSeparatorsEndALineComment() throws {
    // JSON5 ends a // comment at U+2028 and U+2029: what follows is read.
    #expect(try parse("{ a: 1, // note\u{2028} b: 2 }") == "{a:1,b:2}")
    #expect(syntaxError("{ a: 1 // note\u{2029} b: 2 }") == at(2, 2, "expected ',' or '}' after the value of 'a', found 'b'"))
    // ... and a lone CR.
    #expect(try parse("{ a: 1, // note\r b: 2 }") == "{a:1,b:2}")
  }

  @Test func everyLineTerminatorCountsForLineAndColumn() throws {
    #expect(syntaxError("{\r\n a: 1,\r b: 2,\u{2028} c: x }") == at(4, 5, "'x' is not a JSON5 value (strings need quotes: \"x\")"))
    #expect(try parse("{\u{2028}a:\u{2029}1\u{3000}}") == "{a:1}")
  }

  @Test func unexpectedCharactersAreNamedEscaped() {
    #expect(syntaxError("{ a: 1 }\u{1b}") == at(1, 9, "unexpected '\\u{1b}' after the value"))
    #expect(syntaxError("{ a: 1 } é") == at(1, 10, "unexpected 'é' after the value"))
    #expect(syntaxError("{ 'a\\nb' 1 }")?.message == "expected ':' after the key 'a\\nb', found '1'")
  }
}
