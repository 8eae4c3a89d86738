/// The exact visited set: every distinct state, in insertion order, with an
/// open-addressing index over it.
///
/// States live in one array (which a breadth-first search also uses as its
/// queue); the index holds one 64-bit slot per bucket: the upper 32 bits of
/// the state's fingerprint and the state's position plus one (0 = empty).
/// A probe compares the stored fingerprint half before touching the state.
@usableFromInline
internal struct StateTable<State: Fingerprinted> {
  @usableFromInline internal var states: [State] = []
  @usableFromInline internal var slots: [UInt64]
  @usableFromInline internal var mask: Int

  @inlinable
  internal init(capacity: Int = 1 << 12) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Array(repeating: 0, count: size)
    mask = size - 1
  }

  @inlinable internal var count: Int { states.count }

  /// Finds `state`; returns its position, or nil. Expected O(1).
  @inlinable
  internal func find(_ state: State, fingerprint: UInt64) -> Int? {
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
    states.append(state)
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
    if count + n > states.capacity {
      bytes += Swift.max(2 * states.capacity, count + n) * MemoryLayout<State>.stride
    }
    var size = slots.count
    while (count + n) * 2 > size { size *= 2 }
    if size > slots.count { bytes += size * MemoryLayout<UInt64>.stride }
    return bytes
  }

  @usableFromInline
  internal mutating func grow() {
    let size = slots.count * 2
    var fresh = [UInt64](repeating: 0, count: size)
    let newMask = size - 1
    for slot in slots where slot != 0 {
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
    slots.capacity * MemoryLayout<UInt64>.stride + states.capacity * MemoryLayout<State>.stride
  }
}
