#if canImport(Glibc)
  @preconcurrency import Glibc
#else
  import Foundation
#endif

/// Why a file's text could not be read: one precise reason each, so that
/// a missing file, a permission problem, a FIFO and a binary file do not
/// all look alike.
public enum TextFileError: Error, Equatable, Sendable, CustomStringConvertible {
  case notFound
  case permissionDenied
  case isDirectory
  /// A FIFO, a device (such as /dev/null), a socket: reading one may block
  /// or never end, and it is never a configuration.
  case notRegularFile(kind: String)
  case tooLarge(bytes: Int, limit: Int)
  /// The first byte that is not UTF-8, and where it is.
  case notUTF8(SourcePosition, byte: UInt8)
  /// Any other failure, in the system's words.
  case failed(String)

  /// Where in the file the problem is, when it is at a place.
  public var position: SourcePosition? {
    if case .notUTF8(let at, _) = self { return at }
    return nil
  }

  public var description: String {
    switch self {
    case .notFound: "no such file"
    case .permissionDenied: "permission denied"
    case .isDirectory: "it is a directory"
    case .notRegularFile(let kind): "not a regular file (\(kind))"
    case .tooLarge(let bytes, let limit): "\(bytes) bytes is more than the \(limit >> 20) MiB allowed"
    case .notUTF8(_, let byte): "not UTF-8 text (byte 0x\(String(byte, radix: 16, uppercase: true)))"
    case .failed(let why): why
    }
  }
}

/// Reading a text file whole, with `TextFileError`'s reasons.
public enum TextFile {
  /// The text of the regular file at `path`, which must be UTF-8 and at
  /// most `maxBytes` long. O(file size).
  public static func read(_ path: String, maxBytes: Int = 64 << 20) throws(TextFileError) -> String {
    try decode(try bytes(path, maxBytes: maxBytes))
  }

  /// `bytes` as a string, if they are UTF-8; else the line and column
  /// (as `JSON5Parser` counts them) of the first bad byte. O(bytes).
  public static func decode(_ bytes: [UInt8]) throws(TextFileError) -> String {
    var at = SourcePosition(line: 1, column: 1)
    var i = 0
    while i < bytes.count {
      let n = validSequenceLength(bytes, i)
      guard n > 0 else { throw .notUTF8(at, byte: bytes[i]) }
      at.advance(past: i, in: bytes)
      i += n
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The length of the well-formed UTF-8 sequence at `i`, or 0 (Unicode
  /// Table 3-7: no overlong forms, surrogates or values past U+10FFFF).
  static func validSequenceLength(_ b: [UInt8], _ i: Int) -> Int {
    let lead = b[i]
    let (n, low, high): (Int, UInt8, UInt8)
    switch lead {
    case 0x00...0x7F: return 1
    case 0xC2...0xDF: (n, low, high) = (2, 0x80, 0xBF)
    case 0xE0: (n, low, high) = (3, 0xA0, 0xBF)
    case 0xED: (n, low, high) = (3, 0x80, 0x9F)
    case 0xE1...0xEF: (n, low, high) = (3, 0x80, 0xBF)
    case 0xF0: (n, low, high) = (4, 0x90, 0xBF)
    case 0xF4: (n, low, high) = (4, 0x80, 0x8F)
    case 0xF1...0xF3: (n, low, high) = (4, 0x80, 0xBF)
    default: return 0
    }
    guard i + n <= b.count, (low...high).contains(b[i + 1]) else { return 0 }
    for k in 2..<n where !(0x80...0xBF).contains(b[i + k]) { return 0 }
    return n
  }

  /// The file's bytes. Opened without blocking, so that a FIFO is refused,
  /// not waited on.
  static func bytes(_ path: String, maxBytes: Int = 64 << 20) throws(TextFileError) -> [UInt8] {
    #if canImport(Glibc)
      if path.isEmpty || path.utf8.contains(0) { throw .notFound }
      let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
      guard fd >= 0 else { throw TextFileError(errno: errno) }
      defer { close(fd) }
      var info = stat()
      guard fstat(fd, &info) == 0 else { throw TextFileError(errno: errno) }
      switch info.st_mode & S_IFMT {
      case S_IFREG: break
      case S_IFDIR: throw .isDirectory
      case S_IFIFO: throw .notRegularFile(kind: "a FIFO")
      case S_IFCHR: throw .notRegularFile(kind: "a character device")
      case S_IFBLK: throw .notRegularFile(kind: "a block device")
      case S_IFSOCK: throw .notRegularFile(kind: "a socket")
      default: throw .notRegularFile(kind: "of an unknown kind")
      }
      if Int(info.st_size) > maxBytes { throw .tooLarge(bytes: Int(info.st_size), limit: maxBytes) }
      var out: [UInt8] = []
      var chunk = [UInt8](repeating: 0, count: 1 << 16)
      while true {
        let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if n == 0 { return out }
        if n < 0 {
          if errno == EINTR { continue }
          throw TextFileError(errno: errno)
        }
        out += chunk[..<n]
        if out.count > maxBytes { throw .tooLarge(bytes: out.count, limit: maxBytes) }
      }
    #else
      guard let data = FileManager.default.contents(atPath: path) else { throw .notFound }
      return [UInt8](data)
    #endif
  }
}

#if canImport(Glibc)
  extension TextFileError {
    /// The reason an `open`, `stat` or `read` failing with `errno` gives.
    public init(errno code: Int32) {
      switch code {
      case ENOENT, ENOTDIR, ENAMETOOLONG: self = .notFound
      case EACCES, EPERM: self = .permissionDenied
      case EISDIR: self = .isDirectory
      default: self = .failed(String(cString: strerror(code)))
      }
    }
  }
#endif
