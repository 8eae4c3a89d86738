import GmemModel

/// A command-line mistake: rendered as one line, exit status 2.
struct UsageError: Error, CustomStringConvertible {
  let description: String
  init(_ message: String) { description = message }
}

/// An option a command accepts.
struct OptionSpec {
  let name: String
  /// The value's placeholder in help, or nil for a flag.
  let value: String?
  let help: String
  /// Whether it may be given more than once (`--set`, `--property`); any
  /// other option given twice must have the same value both times.
  var repeatable = false
}

/// Arguments split into positionals and option values, checked against
/// the command's options. `--name value` and `--name=value` both work;
/// `--` ends options.
struct Arguments {
  var positionals: [String] = []
  private var values: [String: [String]] = [:]

  init(_ args: ArraySlice<String>, options: [OptionSpec]) throws(UsageError) {
    var rest = args
    var onlyPositionals = false
    while let arg = rest.popFirst() {
      guard !onlyPositionals, arg.hasPrefix("-"), arg != "-" else {
        positionals.append(arg)
        continue
      }
      if arg == "--" {
        onlyPositionals = true
        continue
      }
      var name = arg
      var inline: String? = nil
      if let eq = arg.firstIndex(of: "=") {
        name = String(arg[..<eq])
        inline = String(arg[arg.index(after: eq)...])
      }
      guard let spec = options.first(where: { $0.name == name }) else {
        throw UsageError(
          "unknown option '\(printable(name))'.\(didYouMean(name, in: options.map(\.name)))"
            + " See 'gmemcheck help'.")
      }
      if spec.value == nil {
        if inline != nil { throw UsageError("option '\(name)' takes no value") }
        values[name, default: []].append("")
        continue
      }
      guard let value = inline ?? rest.popFirst() else {
        throw UsageError("option '\(name)' needs a value: \(name) \(spec.value!)")
      }
      if !spec.repeatable, let first = values[name]?.first, first != value {
        throw UsageError(
          "option '\(name)' is given twice, as '\(printable(first))' and '\(printable(value))': keep one")
      }
      values[name, default: []].append(value)
    }
  }

  func has(_ name: String) -> Bool { values[name] != nil }

  func all(_ name: String) -> [String] { values[name] ?? [] }

  /// The value given for `name` (the last, for a repeatable option).
  func last(_ name: String) -> String? { values[name]?.last }

  func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
    guard let text = last(name) else { return nil }
    guard let n = Int(text.replacing("_", with: "")), range.contains(n) else {
      throw UsageError(
        "option '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound), found '\(printable(text))'"
      )
    }
    return n
  }

  /// A size in bytes: a number with an optional K, M, G or T (powers of
  /// 1024; a B or iB after them is allowed), at least 1M.
  func size(_ name: String) throws(UsageError) -> Int? {
    guard let text = last(name) else { return nil }
    var number = Substring(text.uppercased())
    for suffix in ["IB", "B"] where number.hasSuffix(suffix) && number.count > suffix.count {
      number = number.dropLast(suffix.count)
      break
    }
    let units: [Character: Double] = ["K": 0x1p10, "M": 0x1p20, "G": 0x1p30, "T": 0x1p40]
    var scale = 1.0
    if let unit = number.last.flatMap({ units[$0] }) {
      scale = unit
      number = number.dropLast()
    }
    guard number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let value = Double(number),
      value * scale >= 0x1p20, value * scale < 0x1p62
    else {
      throw UsageError(
        "option '\(name)' must be a size from 1M, such as 512M, 2G, 1.5G or a number of bytes;"
          + " found '\(printable(text))'")
    }
    return Int(value * scale)
  }

  func choice(_ name: String, of allowed: [String]) throws(UsageError) -> String? {
    guard let text = last(name) else { return nil }
    guard allowed.contains(text) else {
      throw UsageError(
        "option '\(name)' must be one of \(allowed.joined(separator: ", ")), found '\(printable(text))'.\(didYouMean(text, in: allowed))"
      )
    }
    return text
  }
}
