/// What the visited set stores per state: a 64-bit fingerprint (hash
/// compaction, 8 bytes) or the whole state (exact).
///
/// `hash` picks the shard and bucket; 0 marks an empty slot, so an entry's
/// hash is never 0.
public protocol VisitedEntry: Equatable {
  associatedtype State
  init(_ state: State, fingerprint: UInt64)
  static var empty: Self { get }
  var hash: UInt64 { get }
}

/// A state stored as its fingerprint alone. Two states with the same
/// fingerprint count as one: the search reports the chance of that.
public struct FingerprintEntry<State>: VisitedEntry {
  public let hash: UInt64
  @inlinable public init(_ state: State, fingerprint: UInt64) {
    hash = fingerprint == 0 ? 1 : fingerprint
  }
  @inlinable public static var empty: Self { FingerprintEntry(raw: 0) }
  @inlinable init(raw: UInt64) { hash = raw }
}

/// A state stored whole, with its fingerprint: exact, and about five times
/// the memory for the model's 32-byte states.
public struct ExactEntry<State: Equatable>: VisitedEntry {
  public let hash: UInt64
  public let state: State?
  @inlinable public init(_ state: State, fingerprint: UInt64) {
    hash = fingerprint == 0 ? 1 : fingerprint
    self.state = state
  }
  @inlinable public static var empty: Self { ExactEntry(hash: 0) }
  @inlinable init(hash: UInt64) {
    self.hash = hash
    state = nil
  }
}

/// The set of states seen so far, as open-addressing tables split into
/// shards by the hash's top bits.
///
/// Shards keep memory lean and make parallel inserts lock-free: each shard
/// grows on its own (by a fifth, so the table stays 73-87% full and
/// growing needs only one shard's worth of spare memory), and a thread that
/// owns a shard may insert into it while no other thread touches it.
/// Lookups may run in parallel while nobody inserts.
public final class VisitedSet<Entry: VisitedEntry>: @unchecked Sendable {
  /// 16 shards: enough owners for the threads of a machine like this one,
  /// and big enough, once the set is, for huge pages (`TableMemory`).
  public static var shardBits: Int { 4 }
  public static var shardCount: Int { 1 << shardBits }
  @usableFromInline static var minimumCapacity: Int { 16 }

  // Raw per-shard arrays: threads write disjoint shards' elements, which
  // Swift arrays (copy-on-write, exclusivity checks) would not allow.
  @usableFromInline let slots: UnsafeMutablePointer<UnsafeMutablePointer<Entry>>
  @usableFromInline let capacities: UnsafeMutablePointer<Int>
  @usableFromInline let counts: UnsafeMutablePointer<Int>

  /// Eighths of a shard's slots that may be full before it grows: linear
  /// probing stays short up to 7/8 full with 8-byte entries.
  @usableFromInline static var maxLoadEighths: Int { 7 }
  /// Charged with each growth; see `allow(_:)` for what a shard may take.
  let budget: MemoryBudget?
  /// Bytes each shard may grow by until the next `allow`, and what each
  /// has grown by: a share fixed between batches makes whether a shard
  /// grows independent of the other threads, so that a search its budget
  /// stops stops at the same state on every run.
  private(set) var allowance = Int.max
  let grown: UnsafeMutablePointer<Int>

  init(budget: MemoryBudget?) {
    self.budget = budget
    let n = Self.shardCount
    capacities = .allocate(capacity: n)
    capacities.initialize(repeating: Self.minimumCapacity, count: n)
    counts = .allocate(capacity: n)
    counts.initialize(repeating: 0, count: n)
    grown = .allocate(capacity: n)
    grown.initialize(repeating: 0, count: n)
    slots = .allocate(capacity: n)
    for s in 0..<n { (slots + s).initialize(to: Self.allocate(Self.minimumCapacity)!) }
    budget?.charge(bytes)
  }

  public convenience init() { self.init(budget: nil) }

  deinit {
    for s in 0..<Self.shardCount { Self.free(slots[s], capacities[s]) }
    slots.deallocate()
    capacities.deallocate()
    counts.deallocate()
    grown.deallocate()
  }

  @usableFromInline static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Entry>? {
    let p = TableMemory.allocate(Entry.self, count: capacity)
    p?.initialize(repeating: .empty, count: capacity)
    return p
  }

  @usableFromInline static func free(_ table: UnsafeMutablePointer<Entry>, _ capacity: Int) {
    table.deinitialize(count: capacity)
    TableMemory.deallocate(table, count: capacity)
  }

  @inlinable public static func shard(of hash: UInt64) -> Int { Int(hash >> UInt64(64 - shardBits)) }

  @inlinable static func home(_ hash: UInt64, _ capacity: Int) -> Int { homeSlot(hash, capacity) }

  public var count: Int { (0..<Self.shardCount).reduce(0) { $0 + counts[$1] } }

  /// Bytes of the biggest shard's table.
  var largestShardBytes: Int {
    (0..<Self.shardCount).map { capacities[$0] }.max()! * MemoryLayout<Entry>.stride
  }

  /// Bytes of all shards' tables.
  public var bytes: Int {
    (0..<Self.shardCount).reduce(0) { $0 + capacities[$1] } * MemoryLayout<Entry>.stride
  }

  @inlinable
  public func contains(_ entry: Entry) -> Bool { probe(entry).found }

  /// Linear probing from `entry`'s home slot: its shard, and the slot that
  /// holds it or the empty slot where it would go.
  @inlinable @inline(__always)
  func probe(_ entry: Entry) -> (shard: Int, slot: Int, found: Bool) {
    let s = Self.shard(of: entry.hash)
    let table = slots[s]
    let capacity = capacities[s]
    var i = Self.home(entry.hash, capacity)
    while true {
      let slot = table[i]
      if slot.hash == 0 { return (s, i, false) }
      if slot == entry { return (s, i, true) }
      i += 1
      if i == capacity { i = 0 }
    }
  }

  /// Starts loading the home slot of `hash` into the cache, so that a
  /// lookup a little later finds it there. Lookups miss the cache, mostly;
  /// a prefetch, unlike a load, does not hold up the instructions after it.
  @inlinable @inline(__always)
  public func prefetch(_ hash: UInt64) {
    llvmPrefetch(homeAddress(hash), 0, 3, 1)
  }

  /// `prefetch`, and the line after the home slot's as well
  /// (`prefetchTwoLines` says why).
  @inlinable @inline(__always)
  public func prefetchRun(_ hash: UInt64) { prefetchTwoLines(homeAddress(hash)) }

  @inlinable @inline(__always)
  func homeAddress(_ hash: UInt64) -> UnsafeRawPointer {
    let s = Self.shard(of: hash)
    return UnsafeRawPointer(slots[s] + Self.home(hash, capacities[s]))
  }

  /// The stored entry equal to `entry`, if any (for entries that carry
  /// more than what they are compared by).
  @inlinable
  public func member(_ entry: Entry) -> Entry? {
    let (s, i, found) = probe(entry)
    return found ? slots[s][i] : nil
  }

  /// Adds `entry` unless present; true if it is new. Only the thread that
  /// owns the entry's shard may call this, and no `contains` may run.
  @inlinable
  @discardableResult
  public func insert(_ entry: Entry) -> Bool { insertOrFind(entry) == nil }

  /// `insert`, returning the entry already stored; nil if `entry` is new;
  /// `entry` itself if it was refused for want of memory (see below).
  @inlinable
  public func insertOrFind(_ entry: Entry) -> Entry? {
    let (s, i, found) = probe(entry)
    if found { return slots[s][i] }
    // A shard the budget did not let grow fills up to one empty slot
    // (probes end at one), then refuses: the search stops after this
    // batch, incomplete, so a state not stored is never taken for seen.
    if counts[s] + 2 > capacities[s] { return entry }
    // Last come, first served: the new entry takes its home slot and the
    // run up to the empty slot moves along by one. Lookups are mostly of
    // states stored lately (a state's predecessors are near it in the
    // breadth-first order), so they find them at home, in the line the
    // prefetch loaded: at F1 N5, 1.3 slots past home on average, not 4.6,
    // and 42% fewer lookups run into the next cache line.
    let table = slots[s]
    let capacity = capacities[s]
    let home = Self.home(entry.hash, capacity)
    var j = i
    while j != home {
      let k = j == 0 ? capacity - 1 : j - 1
      table[j] = table[k]
      j = k
    }
    table[home] = entry
    counts[s] += 1
    if counts[s] * 8 > capacities[s] * Self.maxLoadEighths { grow(s) }
    return nil
  }

  /// The bytes that `n` more entries could make shards allocate (each
  /// one's new table, while it holds the old): 0 when none must grow.
  func growthBytes(adding n: Int) -> Int {
    (0..<Self.shardCount).reduce(0) { bytes, s in
      let capacity = capacities[s]
      guard (counts[s] + n) * 8 > capacity * Self.maxLoadEighths else { return bytes }
      return bytes + (capacity + capacity / 5) * MemoryLayout<Entry>.stride
    }
  }

  /// Lets each shard grow by `bytes` from now on (besides the old table
  /// it holds while it moves into the new one); a shard refused is full
  /// for good (see `insert`), and the budget exceeded. Only while no
  /// thread inserts.
  func allow(_ bytes: Int) {
    allowance = bytes
    grown.update(repeating: 0, count: Self.shardCount)
  }

  @usableFromInline
  func grow(_ s: Int) {
    let old = slots[s]
    let oldCapacity = capacities[s]
    // A fifth, not a quarter: a shard that just grew is then still 7/8 /
    // 6/5 = 73% full, so a fingerprint costs at most 11 bytes, and with
    // its 5 bytes of trace links a state at most 16 (a quarter: 16.4).
    let capacity = oldCapacity + oldCapacity / 5
    let bytes = capacity * MemoryLayout<Entry>.stride
    let added = bytes - oldCapacity * MemoryLayout<Entry>.stride
    guard added <= allowance - grown[s], let table = Self.allocate(capacity) else {
      budget?.markExceeded()
      return
    }
    grown[s] += added
    budget?.charge(bytes)
    for j in 0..<oldCapacity where old[j].hash != 0 {
      var i = Self.home(old[j].hash, capacity)
      while table[i].hash != 0 {
        i += 1
        if i == capacity { i = 0 }
      }
      table[i] = old[j]
    }
    Self.free(old, oldCapacity)
    budget?.release(oldCapacity * MemoryLayout<Entry>.stride)
    slots[s] = table
    capacities[s] = capacity
  }
}

/// LLVM's prefetch intrinsic (address, 0 = read, 3 = keep in all cache
/// levels, 1 = data), which the standard library does not expose.
@usableFromInline @_silgen_name("llvm.prefetch.p0")
func llvmPrefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ data: Int32)

/// The home slot of an open-addressing table (`VisitedSet`'s shards,
/// `NumberIndex`): the hash's low 32 bits scaled to the capacity (no
/// power of two needed, so a table can grow by a fifth).
@inlinable @inline(__always)
func homeSlot(_ hash: UInt64, _ capacity: Int) -> Int {
  Int(((hash & 0xFFFF_FFFF) &* UInt64(capacity)) >> 32)
}

/// Prefetches the cache line at `address` and the next: an insert, or a
/// lookup that misses, reads to the end of its home slot's run. Near a
/// table's end the second line may lie past it: harmless, as a prefetch
/// never faults.
@inlinable @inline(__always)
func prefetchTwoLines(_ address: UnsafeRawPointer) {
  llvmPrefetch(address, 0, 3, 1)
  llvmPrefetch(address + 64, 0, 3, 1)
}
