/// `text` as a one-line message may echo it: control, format and
/// line-separating characters escaped (`\n`, `\r`, `\t`, `\0`, else
/// `\u{1b}`), so that a key or file name can neither break the line nor
/// drive the terminal; and cut after `limit` characters with `...`, so
/// that a huge key does not become a huge line. O(limit).
public func printable(_ text: some StringProtocol, limit: Int = 80) -> String {
  var out = ""
  var shown = 0
  for scalar in text.unicodeScalars {
    if shown == limit { return out + "..." }
    out += escaped(scalar)
    shown += 1
  }
  return out
}

/// One character as a message shows it: itself, or an escape.
func escaped(_ scalar: Unicode.Scalar) -> String {
  switch scalar {
  case "\n": return "\\n"
  case "\r": return "\\r"
  case "\t": return "\\t"
  case "\0": return "\\0"
  default: break
  }
  switch scalar.properties.generalCategory {
  case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
    return "\\u{" + String(scalar.value, radix: 16) + "}"
  default:
    return String(scalar)
  }
}
