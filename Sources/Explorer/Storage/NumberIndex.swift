/// States by 64-bit fingerprint, numbered in the order they came: the
/// graph engine's index, about 13 bytes a state. The fingerprints sit in
/// an array by number (8 bytes a state, growing in chunks); an
/// open-addressing table of 32-bit slots (73-87% full: 4.6-5.5 bytes a
/// state) holds each state's number plus one, and in the bits the number
/// does not need yet, a tag from the fingerprint, so that a probe reads
/// the fingerprint array only when the tag matches (mostly: the state
/// sought). Equality is on all 64 bits, as in the frontier engine.
///
/// One table, grown by a fifth when it is 7/8 full: the graph engine
/// inserts on one thread, and threads only look up while nobody inserts.
final class NumberIndex: @unchecked Sendable {
  // Unchecked for exclusivity: one thread inserts, and the checks cost
  // more than the lookups.
  @exclusivity(unchecked) private(set) var slots: UnsafeMutablePointer<UInt32>
  @exclusivity(unchecked) private(set) var capacity: Int
  /// The low bits of a slot that hold a number plus one; the rest hold
  /// the tag. Enough for every number below `capacity`, which the
  /// count stays under.
  @exclusivity(unchecked) private(set) var numberBits: Int
  /// Fingerprint by number.
  let fingerprints = ChunkedArray<UInt64>()

  var count: Int { fingerprints.count }

  init() {
    capacity = 16
    slots = Self.allocate(capacity)!
    numberBits = Self.numberBits(capacity)
  }

  deinit { TableMemory.deallocate(slots, count: capacity) }

  static func allocate(_ capacity: Int) -> UnsafeMutablePointer<UInt32>? {
    let p = TableMemory.allocate(UInt32.self, count: capacity)
    p?.initialize(repeating: 0, count: capacity)
    return p
  }

  static func numberBits(_ capacity: Int) -> Int { Int.bitWidth - capacity.leadingZeroBitCount }

  /// The table's bytes and the fingerprints'.
  var bytes: Int { capacity * 4 + fingerprints.bytes }

  /// The bytes `n` more states could make it allocate: a new table (the
  /// old one is held while the states move) and fingerprint chunks.
  func growthBytes(adding n: Int) -> Int {
    var grown = capacity
    // As `insert` grows: when one more would pass 7/8.
    while (count + n + 1) * 8 > grown * 7 { grown += grown / 5 }
    return (grown == capacity ? 0 : grown * 4) + fingerprints.bytesToAppend(n)
  }

  /// What a lookup needs, shared by threads while nobody inserts.
  struct Reader: @unchecked Sendable {
    let slots: UnsafeMutablePointer<UInt32>
    let capacity: Int
    let numberBits: Int
    let fingerprints: ChunkedArray<UInt64>.Reader?

    @inline(__always) var numberMask: UInt32 { UInt32(truncatingIfNeeded: (1 << numberBits) - 1) }

    @inline(__always) func home(_ fingerprint: UInt64) -> Int { homeSlot(fingerprint, capacity) }

    @inline(__always) func tag(_ fingerprint: UInt64) -> UInt32 { NumberIndex.tag(fingerprint, numberBits) }

    /// The number of `fingerprint`'s state, or where it would go.
    @inline(__always)
    func probe(_ fingerprint: UInt64) -> (slot: Int, number: Int?) {
      let tag = tag(fingerprint)
      let mask = numberMask
      var i = home(fingerprint)
      while true {
        let s = slots[i]
        if s == 0 { return (i, nil) }
        if s & ~mask == tag {
          let n = Int(s & mask) - 1
          if fingerprints![n] == fingerprint { return (i, n) }
        }
        i += 1
        if i == capacity { i = 0 }
      }
    }

    @inline(__always)
    func find(_ fingerprint: UInt64) -> Int? {
      fingerprints == nil ? nil : probe(fingerprint).number
    }

    /// Starts loading the home slot's line and the next (a miss reads to
    /// the end of the run).
    @inline(__always) func prefetch(_ fingerprint: UInt64) {
      prefetchTwoLines(UnsafeRawPointer(slots + home(fingerprint)))
    }

    /// Once the home slot is in the cache: starts loading the fingerprint
    /// of the first slot in the run with a matching tag (the second read
    /// of a lookup that finds its state), looking a few slots along.
    @inline(__always) func prefetchFingerprint(_ fingerprint: UInt64) {
      guard let fingerprints else { return }
      let (tag, mask) = (tag(fingerprint), numberMask)
      var i = home(fingerprint)
      for _ in 0..<8 {
        let s = slots[i]
        if s == 0 { return }
        if s & ~mask == tag {
          fingerprints.prefetch(Int(s & mask) - 1)
          return
        }
        i += 1
        if i == capacity { i = 0 }
      }
    }
  }

  /// A reader for the calling thread; valid until the next insert.
  func withReader<R>(_ body: (Reader) -> R) -> R {
    if fingerprints.isEmpty {
      return body(Reader(slots: slots, capacity: capacity, numberBits: numberBits, fingerprints: nil))
    }
    return fingerprints.withReader {
      body(Reader(slots: slots, capacity: capacity, numberBits: numberBits, fingerprints: $0))
    }
  }

  func find(_ fingerprint: UInt64) -> Int? { withReader { $0.find(fingerprint) } }

  func prefetch(_ fingerprint: UInt64) {
    prefetchTwoLines(UnsafeRawPointer(slots + homeSlot(fingerprint, capacity)))
  }

  /// The tag of `fingerprint` in place in a slot whose number takes
  /// `numberBits`: the fingerprint's top bits, in the bits above them.
  @inline(__always)
  static func tag(_ fingerprint: UInt64, _ numberBits: Int) -> UInt32 {
    numberBits >= 32 ? 0 : UInt32(truncatingIfNeeded: fingerprint >> UInt64(32 + numberBits)) << numberBits
  }

  /// The number of `fingerprint`'s state, adding it as the next number if
  /// new (`inserted`); nil when there was no memory for it.
  func insert(_ fingerprint: UInt64) -> (number: Int, inserted: Bool)? {
    let (slot, found) = withReader { $0.probe(fingerprint) }
    if let found { return (found, false) }
    let number = count
    guard fingerprints.reserve(number + 1, filler: 0) else { return nil }
    // Numbers below the capacity fit the slots' number bits.
    let full = (number + 2) * 8 > capacity * 7
    guard !full || grow() else { return nil }
    fingerprints.append(fingerprint)
    place(number, fingerprint, emptyFrom: full ? nil : slot)
    return (number, true)
  }

  /// Puts `number` at its home slot, last come first served: the run up
  /// to the next empty slot moves along by one. Lookups are mostly of
  /// states found lately, so they find them at home, in the line the
  /// prefetch loaded (as in `VisitedSet`).
  private func place(_ number: Int, _ fingerprint: UInt64, emptyFrom known: Int?) {
    let home = homeSlot(fingerprint, capacity)
    var empty = known ?? home
    if known == nil {
      while slots[empty] != 0 {
        empty += 1
        if empty == capacity { empty = 0 }
      }
    }
    var j = empty
    while j != home {
      let k = j == 0 ? capacity - 1 : j - 1
      slots[j] = slots[k]
      j = k
    }
    slots[home] = Self.tag(fingerprint, numberBits) | UInt32(number + 1)
  }

  /// A table a fifth bigger, the states placed again in number order;
  /// false if there was no memory for it.
  private func grow() -> Bool {
    let grown = capacity + capacity / 5
    guard let table = Self.allocate(grown) else { return false }
    TableMemory.deallocate(slots, count: capacity)
    (slots, capacity, numberBits) = (table, grown, Self.numberBits(grown))
    for n in 0..<count { place(n, fingerprints[n], emptyFrom: nil) }
    return true
  }
}
