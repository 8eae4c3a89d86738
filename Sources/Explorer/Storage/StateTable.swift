/// The exact visited set: every distinct state, in insertion order, with an
/// open-addressing index over it.
///
/// States live in one array (which a breadth-first search also uses as its
/// queue); the index holds one 64-bit slot per bucket: the upper 32 bits of
/// the state's fingerprint and the state's position plus one (0 = empty).
/// A probe compares the stored fingerprint half before touching the state.
/// Both are read at random: the index is on huge pages (`TableMemory`),
/// and the states' array is advised to be.
@usableFromInline
internal struct StateTable<State: Fingerprinted> {
  @usableFromInline internal var states: [State] = []
  @usableFromInline internal var slots: Slots
  @usableFromInline internal var mask: Int

  /// The index's memory, freed with its last reference.
  @usableFromInline
  final class Slots {
    @usableFromInline let base: UnsafeMutablePointer<UInt64>
    @usableFromInline let count: Int

    @usableFromInline init(count: Int) {
      self.count = count
      // A failed allocation is the allocator's crash, as for an array:
      // `growthBytes` keeps a bounded search inside its budget.
      base = TableMemory.allocate(UInt64.self, count: count)!
      base.initialize(repeating: 0, count: count)
    }

    deinit { TableMemory.deallocate(base, count: count) }

    @inlinable subscript(i: Int) -> UInt64 {
      get { base[i] }
      set { base[i] = newValue }
    }
  }

  @inlinable
  internal init(capacity: Int = 1 << 12) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Slots(count: size)
    mask = size - 1
  }

  @inlinable internal var count: Int { states.count }

  /// Finds `state`; returns its position, or nil. Expected O(1).
  internal func find(_ state: State, fingerprint: UInt64) -> Int? {
    withReader { reader, _ in reader.find(state, fingerprint: fingerprint) }
  }

  /// A view for lookups from several threads while nobody inserts:
  /// raw pointers, so that no copy of the states' array is kept (the next
  /// append would then copy it).
  @usableFromInline
  struct Reader {
    let states: UnsafePointer<State>
    let slots: UnsafePointer<UInt64>
    let mask: Int

    /// `StateTable.find`.
    @inline(__always)
    func find(_ state: State, fingerprint: UInt64) -> Int? {
      let tag = fingerprint >> 32
      var i = Int(truncatingIfNeeded: fingerprint) & mask
      while true {
        let slot = slots[i]
        if slot == 0 { return nil }
        if slot >> 32 == tag {
          let index = Int(slot & 0xFFFF_FFFF) - 1
          if states[index] == state { return index }
        }
        i = (i + 1) & mask
      }
    }

    /// Loads a fingerprint's home slot into the cache, for a lookup a
    /// little later.
    @inline(__always)
    func prefetch(_ fingerprint: UInt64) {
      llvmPrefetch(slots + (Int(truncatingIfNeeded: fingerprint) & mask), 0, 3, 1)
    }

    /// Once the home slot is in the cache: loads the state it names, if
    /// its fingerprint half matches (the lookup compares them).
    @inline(__always)
    func prefetchState(_ fingerprint: UInt64) {
      let slot = slots[Int(truncatingIfNeeded: fingerprint) & mask]
      guard slot != 0, slot >> 32 == fingerprint >> 32 else { return }
      llvmPrefetch(states + Int(slot & 0xFFFF_FFFF) - 1, 0, 3, 1)
    }
  }

  /// Runs `body` with a `Reader` and the states; nothing may insert
  /// meanwhile.
  func withReader<R>(_ body: (Reader, UnsafeBufferPointer<State>) -> R) -> R {
    states.withUnsafeBufferPointer { body(Reader(states: $0.baseAddress!, slots: slots.base, mask: mask), $0) }
  }

  /// Starts loading `fingerprint`'s home slot into the cache, for an
  /// insert a little later.
  @inlinable @inline(__always)
  internal func prefetch(_ fingerprint: UInt64) {
    llvmPrefetch(slots.base + (Int(truncatingIfNeeded: fingerprint) & mask), 0, 3, 1)
  }

  /// Adds `state` unless present. Returns its position and whether it is
  /// new. Expected O(1), amortised over the index doubling.
  @inlinable
  internal mutating func insert(_ state: State, fingerprint: UInt64) -> (index: Int, inserted: Bool) {
    let tag = fingerprint >> 32
    var i = Int(truncatingIfNeeded: fingerprint) & mask
    while true {
      let slot = slots[i]
      if slot == 0 { break }
      if slot >> 32 == tag {
        let index = Int(slot & 0xFFFF_FFFF) - 1
        if states[index] == state { return (index, false) }
      }
      i = (i + 1) & mask
    }
    let index = states.count
    let capacity = states.capacity
    states.append(state)
    if states.capacity != capacity {
      let bytes = states.capacity * MemoryLayout<State>.stride
      states.withUnsafeBufferPointer { TableMemory.adviseHugePages($0.baseAddress!, bytes: bytes) }
    }
    slots[i] = tag << 32 | UInt64(index + 1)
    // Keep the load at or under 1/2 so that probes stay short.
    if states.count * 2 > slots.count { grow() }
    return (index, true)
  }

  /// The bytes that `n` more states could make the table allocate (new
  /// arrays, while the old ones are still held): the doubling appends
  /// and `grow` do. 0 when there is room.
  @inlinable
  internal func growthBytes(adding n: Int) -> Int {
    var bytes = 0
    bytes += states.nominalGrowth(adding: n)
    var size = slots.count
    while (count + n) * 2 > size { size *= 2 }
    if size > slots.count { bytes += size * MemoryLayout<UInt64>.stride }
    return bytes
  }

  @usableFromInline
  internal mutating func grow() {
    let size = slots.count * 2
    let fresh = Slots(count: size)
    let newMask = size - 1
    for j in 0..<slots.count where slots[j] != 0 {
      let slot = slots[j]
      let index = Int(slot & 0xFFFF_FFFF) - 1
      var i = Int(truncatingIfNeeded: states[index].fingerprint) & newMask
      while fresh[i] != 0 { i = (i + 1) & newMask }
      fresh[i] = slot
    }
    slots = fresh
    mask = newMask
  }

  /// Bytes held by the table and its states (not counting parents).
  @inlinable
  internal var bytes: Int {
    slots.count * MemoryLayout<UInt64>.stride + states.nominalBytes
  }
}
