/// A fixed-element array that grows in chunks and never moves what it
/// holds: growing costs no copy and no transient double memory, and
/// threads may write disjoint elements once the space exists.
public final class ChunkedArray<Element>: @unchecked Sendable {
  // 16,384 elements: small runs stay small, big ones need a few
  // thousand chunk pointers.
  @usableFromInline static var chunkBits: Int { 14 }
  @usableFromInline static var chunkSize: Int { 1 << chunkBits }

  @usableFromInline var chunks: [UnsafeMutablePointer<Element>] = []
  let zero: Element
  /// Elements with a defined value: `0..<count`.
  public private(set) var count = 0

  public init(zero: Element) { self.zero = zero }

  deinit {
    for c in chunks {
      c.deinitialize(count: Self.chunkSize)
      c.deallocate()
    }
  }

  /// Makes indices `0..<newCount` valid (new ones hold `zero`). Not thread
  /// safe: call between parallel phases.
  public func resize(to newCount: Int) {
    while chunks.count * Self.chunkSize < newCount {
      let c = UnsafeMutablePointer<Element>.allocate(capacity: Self.chunkSize)
      c.initialize(repeating: zero, count: Self.chunkSize)
      chunks.append(c)
    }
    count = newCount
  }

  public func append(_ element: Element) {
    resize(to: count + 1)
    self[count - 1] = element
  }

  /// Appends `elements` a chunk at a time.
  public func append(contentsOf elements: UnsafeBufferPointer<Element>) {
    var from = 0
    var i = count
    resize(to: count + elements.count)
    while from < elements.count {
      let within = i & (Self.chunkSize - 1)
      let n = min(elements.count - from, Self.chunkSize - within)
      (chunks[i >> Self.chunkBits] + within).update(from: elements.baseAddress! + from, count: n)
      from += n
      i += n
    }
  }

  @inlinable
  public subscript(i: Int) -> Element {
    get { chunks[i >> Self.chunkBits][i & (Self.chunkSize - 1)] }
    set { chunks[i >> Self.chunkBits][i & (Self.chunkSize - 1)] = newValue }
  }

  public var bytes: Int { chunks.count * Self.chunkSize * MemoryLayout<Element>.stride }
}
