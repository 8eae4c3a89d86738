/// A growable array owned by one worker: appending is a
/// store and an increment, with none of `Array`'s uniqueness checks, which
/// the hot loops would pay once per successor.
///
/// A value type over a raw allocation: exactly one owner, which calls
/// `free()` once.
@usableFromInline
struct Buffer<Element> {
  @usableFromInline var base: UnsafeMutablePointer<Element>
  @usableFromInline var capacity: Int
  @usableFromInline var count = 0

  init(capacity: Int = 64) {
    self.capacity = max(1, capacity)
    base = .allocate(capacity: self.capacity)
  }

  func free() {
    base.deinitialize(count: count)
    base.deallocate()
  }

  @inlinable @inline(__always)
  mutating func append(_ element: Element) {
    if count == capacity { grow() }
    (base + count).initialize(to: element)
    count += 1
  }

  @usableFromInline
  mutating func grow() {
    let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
    bigger.moveInitialize(from: base, count: count)
    base.deallocate()
    base = bigger
    capacity *= 2
  }

  @inlinable @inline(__always)
  subscript(i: Int) -> Element {
    get { base[i] }
    nonmutating set { base[i] = newValue }
  }

  /// Keeps the capacity. For trivial elements (the engine's states), the
  /// deinitialization compiles to nothing.
  @inlinable mutating func removeAll() {
    base.deinitialize(count: count)
    count = 0
  }

  /// Replaces the elements with `n` copies of `value`.
  mutating func fill(_ n: Int, with value: Element) {
    removeAll()
    if capacity < n {
      base.deallocate()
      capacity = max(n, 2 * capacity)
      base = .allocate(capacity: capacity)
    }
    base.initialize(repeating: value, count: n)
    count = n
  }

  /// Elements `from..<to` (within `0...count`).
  func slice(_ from: Int, _ to: Int) -> UnsafeBufferPointer<Element> {
    precondition(0 <= from && from <= to && to <= count)
    return UnsafeBufferPointer(start: base + from, count: to - from)
  }

  var bytes: Int { capacity * MemoryLayout<Element>.stride }
}
