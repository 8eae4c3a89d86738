#if canImport(Glibc)
  import Glibc
#endif

/// An array that is only appended to, grows in chunks and never moves
/// what it holds: growing costs no copy, and no moment with both an old
/// and a new copy in memory (an array that doubles holds three times its
/// size while it copies).
public final class ChunkedArray<Element>: @unchecked Sendable {
  // 4,096 elements: a small graph's dozen arrays take 100 KB, not 400
  // (a memory budget is checked after the first chunks), and big ones
  // need a few tens of thousands of chunk pointers.
  @usableFromInline static var chunkBits: Int { 12 }
  @usableFromInline static var chunkSize: Int { 1 << chunkBits }

  // Every element of every chunk is initialized (a new chunk with copies
  // of the element that needed it), so elements past `count` are
  // overwritten, never initialized, and a chunk is freed whole.
  @usableFromInline @exclusivity(unchecked) var chunks: [UnsafeMutablePointer<Element>] = []
  @usableFromInline @exclusivity(unchecked) var _count = 0
  @inlinable public var count: Int { _count }

  public init() {}

  deinit {
    for c in chunks {
      c.deinitialize(count: Self.chunkSize)
      free(c)
    }
  }

  public var isEmpty: Bool { count == 0 }

  /// Chunks for `newCount` elements, new ones filled with `filler`; false
  /// if the system had no memory for one (malloc, unlike Swift's
  /// allocator, says so instead of crashing), so that a search can stop.
  @usableFromInline @discardableResult
  func reserve(_ newCount: Int, filler: Element) -> Bool {
    while chunks.count * Self.chunkSize < newCount {
      guard let raw = malloc(Self.chunkSize * MemoryLayout<Element>.stride) else { return false }
      let c = raw.bindMemory(to: Element.self, capacity: Self.chunkSize)
      c.initialize(repeating: filler, count: Self.chunkSize)
      chunks.append(c)
    }
    return true
  }

  /// Appends, in memory `reserve` got (or gets now, crashing if it cannot).
  @inlinable
  public func append(_ element: Element) {
    // The last chunk has room but once a chunk.
    if count & (Self.chunkSize - 1) == 0 {
      precondition(reserve(count + 1, filler: element), "out of memory")
    }
    chunks[count >> Self.chunkBits][count & (Self.chunkSize - 1)] = element
    _count += 1
  }

  /// Appends `elements` a chunk at a time.
  public func append(contentsOf elements: UnsafeBufferPointer<Element>) {
    guard let first = elements.first else { return }
    precondition(reserve(count + elements.count, filler: first), "out of memory")
    var from = 0
    while from < elements.count {
      let within = count & (Self.chunkSize - 1)
      let n = min(elements.count - from, Self.chunkSize - within)
      (chunks[count >> Self.chunkBits] + within).update(from: elements.baseAddress! + from, count: n)
      from += n
      _count += n
    }
  }

  /// Empties the array and keeps its chunks, for refilling.
  public func removeAll() { _count = 0 }

  @inlinable
  public subscript(i: Int) -> Element {
    chunks[i >> Self.chunkBits][i & (Self.chunkSize - 1)]
  }

  /// The elements as threads read them while nobody appends: through
  /// the chunk pointers, not the array of them, whose reference count
  /// every thread would otherwise update on every read.
  struct Reader: @unchecked Sendable {
    let chunks: UnsafePointer<UnsafeMutablePointer<Element>>
    @inline(__always)
    subscript(i: Int) -> Element { chunks[i >> chunkBits][i & (chunkSize - 1)] }

    /// Starts loading element `i` into the cache.
    @inline(__always)
    func prefetch(_ i: Int) {
      llvmPrefetch(UnsafeRawPointer(chunks[i >> chunkBits] + (i & (chunkSize - 1))), 0, 3, 1)
    }
  }

  /// Calls `body` with a reader of the elements, of which there must be
  /// some (none may be appended meanwhile).
  func withReader<R>(_ body: (Reader) -> R) -> R {
    chunks.withUnsafeBufferPointer { chunks in
      precondition(count > 0, "a reader of an empty ChunkedArray")
      return body(Reader(chunks: chunks.baseAddress!))
    }
  }

  /// Every element, in order, as an array.
  public var elements: [Element] { (0..<count).map { self[$0] } }

  public var bytes: Int { chunks.count * Self.chunkSize * MemoryLayout<Element>.stride }

  /// The bytes of the chunks that appending `n` elements would add.
  public func bytesToAppend(_ n: Int) -> Int {
    let needed = (count + n + Self.chunkSize - 1) >> Self.chunkBits
    return max(0, needed - chunks.count) * Self.chunkSize * MemoryLayout<Element>.stride
  }
}
