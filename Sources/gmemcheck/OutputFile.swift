@preconcurrency import Glibc
import Foundation
import GmemModel

/// A file a command writes after checking, opened (created if need be)
/// before it: a path that cannot be written is a usage error at once, not
/// after minutes of search. What the file held stays until `write`
/// replaces it; if nothing is written, a file the opening created is
/// removed again.
final class OutputFile {
  let path: String
  let option: String
  private var fd: Int32
  private let created: Bool

  init(_ path: String, for option: String) throws(UsageError) {
    self.path = path
    self.option = option
    created = access(path, F_OK) != 0
    fd = path.isEmpty ? -1 : open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw UsageError("\(option): cannot write '\(printable(path, limit: 4096))': \(reason(errno))")
    }
  }

  deinit { discard() }

  /// Replaces the file's content with `text`, and closes it.
  func write(_ text: String) throws(UsageError) {
    let bytes = Array(text.utf8)
    var done = ftruncate(fd, 0) == 0 ? 0 : -1
    while done >= 0 && done < bytes.count {
      let n = bytes[done...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      done = n < 0 ? -1 : done + n
    }
    let failed = done < 0 ? errno : 0
    close(fd)
    fd = -1
    if failed != 0 {
      throw UsageError("\(option): cannot write '\(printable(path, limit: 4096))': \(reason(failed))")
    }
  }

  /// Closes the file unwritten, removing it if the opening created it.
  func discard() {
    guard fd >= 0 else { return }
    close(fd)
    fd = -1
    if created { unlink(path) }
  }

  func reason(_ code: Int32) -> String {
    let folder = (path as NSString).deletingLastPathComponent
    return switch code {
    case ENOENT where access(folder.isEmpty ? "." : folder, F_OK) == 0: "a file cannot be made there"
    case ENOENT, ENOTDIR: "no such folder"
    case EACCES, EPERM, EROFS: "permission denied"
    case EISDIR: "it is a folder"
    default: String(cString: strerror(code))
    }
  }
}
