import Synchronization

/// Numbers the (folio, key) pairs the abstraction meets, so that an
/// abstract state keeps a folio's occupied keys as bits of a fixed-size
/// set instead of a heap array (an allocation and reference counting per
/// successor was most of the search's time).
///
/// Numbers are handed out in the order pairs are first met, which with
/// several threads varies from run to run; nothing observable depends on
/// them: a state's fingerprint adds up hashes of the pairs' values, and
/// successors and representatives visit keys in ascending key order.
public final class KeyTable: @unchecked Sendable {
  /// How many pairs a state's set can hold (`AbstractState.occupied`).
  public static let capacity = 256
  static let keyBits = 17

  let folios: Int
  /// Per pair value (folio << 17 | key): its number + 1, 0 if none yet.
  /// Read without the lock; a number is published (releasing) only once
  /// its `pairs` and `hashes` entries are written.
  let slots: UnsafeMutablePointer<Atomic<UInt16>>
  let pairs: UnsafeMutablePointer<UInt32>
  let hashes: UnsafeMutablePointer<UInt64>
  let lock = Mutex<Int>(0)
  /// Set when a pair found no room: the search is then no proof.
  let full = Atomic<Bool>(false)

  init(folios: Int) {
    self.folios = folios
    let n = folios << Self.keyBits
    slots = .allocate(capacity: n)
    for i in 0..<n { (slots + i).initialize(to: Atomic(0)) }
    pairs = .allocate(capacity: Self.capacity)
    hashes = .allocate(capacity: Self.capacity)
  }

  deinit {
    slots.deinitialize(count: folios << Self.keyBits)
    slots.deallocate()
    pairs.deallocate()
    hashes.deallocate()
  }

  /// The number of `key` in folio `f`, given one if new; nil (and `full`
  /// set) past `capacity`. O(1).
  @inline(__always)
  func number(folio f: Int, key: UInt32) -> Int? {
    let pair = f << Self.keyBits | Int(key)
    let known = slots[pair].load(ordering: .acquiring)
    if known != 0 { return Int(known) - 1 }
    return add(pair)
  }

  private func add(_ pair: Int) -> Int? {
    lock.withLock { count -> Int? in
      let known = slots[pair].load(ordering: .acquiring)
      if known != 0 { return Int(known) - 1 }
      guard count < Self.capacity else {
        full.store(true, ordering: .relaxed)
        return nil
      }
      pairs[count] = UInt32(pair)
      hashes[count] = Self.mix(UInt64(pair))
      slots[pair].store(UInt16(count + 1), ordering: .releasing)
      count += 1
      return count - 1
    }
  }

  /// The folio and key numbered `i`.
  @inline(__always)
  func pair(_ i: Int) -> (folio: Int, key: UInt32) {
    let p = pairs[i]
    return (Int(p >> UInt32(Self.keyBits)), p & (1 << UInt32(Self.keyBits) - 1))
  }

  /// SplitMix64's finaliser: independent-looking 64-bit hashes, so that
  /// their sum is a good hash of a set.
  @inline(__always)
  static func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
