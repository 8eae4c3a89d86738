/// One subpage's fields, packed in 17 bits: a lane of `GmemState` (bits
/// 0-15) and its transient bit (bit 16, kept in the state's lane 15).
///
/// Bit layout: 0 attr, 1-2 life, 3-4 mapped, 5-6 shortPins, 7-8 longPins,
/// 9 guestMapped, 10 iommuMapped, 11 data, 12 expected, 13 migrated,
/// 14 stalePins, 15 pieceFreed, 16 transient. Counters hold 0...3. Fields
/// a configuration does not use stay zero.
public struct Subpage: Hashable, Sendable {
  public var raw: UInt32

  @inline(always) public init(raw: UInt32) { self.raw = raw }

  @inline(always) public init(attr: Attr) { self.raw = attr.bits }

  /// The largest value a counter field holds.
  public static let counterCapacity = 3

  @inlinable @inline(always)
  func field(_ shift: UInt32, _ width: UInt32) -> Int {
    Int((raw >> shift) & ((1 << width) - 1))
  }

  @inlinable @inline(always)
  mutating func setField(_ shift: UInt32, _ width: UInt32, _ value: Int) {
    let mask: UInt32 = ((1 << width) - 1) << shift
    raw = (raw & ~mask) | ((UInt32(truncatingIfNeeded: value) << shift) & mask)
  }

  @inline(always) public var attr: Attr {
    get { Attr(bits: raw) }
    set { setField(0, 1, Int(newValue.bits)) }
  }
  @inline(always) public var life: Life {
    get { Life(bits: raw >> 1) }
    set { setField(1, 2, Int(newValue.bits)) }
  }
  /// Host userspace PTEs over the shared mmap (mapcount).
  @inline(always) public var mapped: Int {
    get { field(3, 2) }
    set { setField(3, 2, newValue) }
  }
  /// Transient GUP pins (O_DIRECT in flight).
  @inline(always) public var shortPins: Int {
    get { field(5, 2) }
    set { setField(5, 2, newValue) }
  }
  /// FOLL_LONGTERM pins (VFIO/IOMMU DMA).
  @inline(always) public var longPins: Int {
    get { field(7, 2) }
    set { setField(7, 2, newValue) }
  }
  /// A KVM stage-2 mapping (SPTE) exists.
  @inline(always) public var guestMapped: Bool {
    get { field(9, 1) != 0 }
    set { setField(9, 1, newValue ? 1 : 0) }
  }
  /// `longTermPins: pfnCallback`: the IOMMU maps the PFN without a page
  /// reference, registered for invalidation.
  @inline(always) public var iommuMapped: Bool {
    get { field(10, 1) != 0 }
    set { setField(10, 1, newValue ? 1 : 0) }
  }
  /// `trackData`: the content is written (else zero).
  @inline(always) public var written: Bool {
    get { field(11, 1) != 0 }
    set { setField(11, 1, newValue ? 1 : 0) }
  }
  /// `trackData`: the ghost copy: what the content should be.
  @inline(always) public var expectedWritten: Bool {
    get { field(12, 1) != 0 }
    set { setField(12, 1, newValue ? 1 : 0) }
  }
  /// `migration: shared4K`: the file index is served by a standalone 4K
  /// page, not by its piece of the folio.
  @inline(always) public var migrated: Bool {
    get { field(13, 1) != 0 }
    set { setField(13, 1, newValue ? 1 : 0) }
  }
  /// `migratePinned` mutant: the pins still reference the old page.
  @inline(always) public var stalePins: Bool {
    get { field(14, 1) != 0 }
    set { setField(14, 1, newValue ? 1 : 0) }
  }
  /// For a migrated index: its piece of the folio is freed (waiting to be
  /// merged) rather than a hole of a folio in the pool.
  @inline(always) public var pieceFreed: Bool {
    get { field(15, 1) != 0 }
    set { setField(15, 1, newValue ? 1 : 0) }
  }

  /// `transientRefs`: mm holds a transient reference (GUP-fast, a page
  /// cache lookup, a per-CPU LRU batch, a PFN walker) [MODEL.md 6.3].
  @inline(always) public var transient: Bool {
    get { field(16, 1) != 0 }
    set { setField(16, 1, newValue ? 1 : 0) }
  }

  /// The life of the folio's piece at this index: the index's own life,
  /// unless the index migrated out, when the piece is freed or a hole.
  @inline(always) public var pieceLife: Life {
    migrated ? (pieceFreed ? .freed : .hole) : life
  }

  @inline(always) public var isPinned: Bool { shortPins > 0 || longPins > 0 }
  /// Any host or device reference: PTE or pin.
  @inline(always) public var hasHostReference: Bool { mapped > 0 || isPinned }
  /// A reference that keeps the page alive outside the file: a pin or a
  /// transient reference (PTEs are zapped when a page leaves the file).
  @inline(always) public var isHeld: Bool { isPinned || transient }
  /// Any reference the kernel's refcount check counts [MODEL.md 6.2]: a
  /// PTE, a pin, or a transient reference.
  @inline(always) public var hasReference: Bool { mapped > 0 || isPinned || transient }
}
