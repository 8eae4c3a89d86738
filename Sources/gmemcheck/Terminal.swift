@preconcurrency import Glibc
import Foundation
import GmemModel

/// Exit statuses, as `--help` and the README document them.
enum ExitStatus: Int32 {
  case pass = 0
  case violation = 1
  case usage = 2
  case incomplete = 3
  /// `check --all-sizes`: an abstract violation no concrete N realised.
  case unknown = 4
}

/// One line on stderr, whatever `message` holds: a control character
/// that an echo let through is escaped here.
func printError(_ message: String) {
  FileHandle.standardError.write(Data(("gmemcheck: " + printable(message, limit: .max) + "\n").utf8))
}

/// Writes stdout and ends the process with `status`.
func finish(_ status: ExitStatus) -> Never {
  fflush(stdout)
  exit(status.rawValue)
}

/// Peak resident set size in bytes (VmHWM), or nil where /proc is absent.
func peakResidentBytes() -> Int? {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
    return nil
  }
  return kilobytesField("VmHWM", in: status).map { $0 * 1024 }
}

/// ", peak RSS 390.5 MB" to end a timing line, or nothing where /proc
/// has no figure.
func peakResidentSuffix() -> String {
  peakResidentBytes().map { ", peak RSS \(megabytes($0))" } ?? ""
}

/// The value of a "Name:\t  123 kB" line of /proc/PID/status. The kernel
/// pads the number to eight places after the tab, so from 10 GB on there
/// is no space before it: split on blanks of either kind, not on spaces.
func kilobytesField(_ name: String, in status: String) -> Int? {
  for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
    let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    return words.dropFirst().first.flatMap { Int($0) }
  }
  return nil
}

/// Resident memory now, from /proc/self/statm (pages), if there is one.
func currentResidentBytes() -> Int? {
  guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
    let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
  else { return nil }
  return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// 1234567 -> "1.23M": counts for a line that must stay short.
func compact(_ n: Int) -> String {
  switch n {
  case ..<10_000: "\(n)"
  case ..<1_000_000: String(format: "%.1fK", Double(n) / 1e3)
  case ..<1_000_000_000: String(format: "%.2fM", Double(n) / 1e6)
  default: String(format: "%.2fG", Double(n) / 1e9)
  }
}

/// 1234567 -> "1,234,567": counts that read at a glance and paste well.
func grouped(_ n: Int) -> String {
  let digits = String(n.magnitude)
  var out = ""
  for (i, c) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
    out.append(c)
  }
  return n < 0 ? "-" + out : out
}

func megabytes(_ bytes: Int) -> String {
  String(format: "%.1f MB", Double(bytes) / 1_000_000)
}

/// 1.5 GiB, 512 MiB: sizes as `--max-memory` takes them.
func mebibytes(_ bytes: Int) -> String {
  bytes >= 1 << 30 ? String(format: "%.3g GiB", Double(bytes) / 0x1p30) : "\(bytes >> 20) MiB"
}

/// Breaks `text` after ", " outside parentheses so that no line passes
/// `width` columns; lines after the first start with `indent`.
func wrap(_ text: String, width: Int = 80, indent: String) -> [String] {
  var pieces: [String] = []
  var piece = ""
  var depth = 0
  var chars = Array(text)[...]
  while let c = chars.popFirst() {
    if c == "(" { depth += 1 }
    if c == ")" { depth -= 1 }
    if c == "," && depth == 0 && chars.first == " " {
      chars.removeFirst()
      pieces.append(piece + ",")
      piece = ""
    } else {
      piece.append(c)
    }
  }
  pieces.append(piece)
  var lines: [String] = []
  var line = ""
  for piece in pieces {
    if line.isEmpty {
      line = piece
    } else if line.count + 1 + piece.count <= width {
      line += " " + piece
    } else {
      lines.append(line)
      line = indent + piece
    }
  }
  lines.append(line)
  return lines.flatMap { $0.count > width ? hardWrap($0, width: width, indent: indent + "  ") : [$0] }
}

/// Breaks at spaces (inside parentheses too) to fit `width` columns:
/// the fallback for text that has no better place to break.
func hardWrap(_ text: String, width: Int = 80, indent: String) -> [String] {
  let lead = String(text.prefix { $0 == " " })
  var lines: [String] = []
  var line = ""
  for word in text.dropFirst(lead.count).split(separator: " ") {
    if line.isEmpty {
      line = (lines.isEmpty ? lead : indent) + word
    } else if line.count + 1 + word.count <= width {
      line += " " + word
    } else {
      lines.append(line)
      line = indent + word
    }
  }
  return lines + [line]
}

extension String {
  func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }

  /// Without trailing blanks.
  func trimmingSuffix() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}
