/// One subpage's fields, packed in 16 bits (a lane of `GmemState`).
///
/// Bit layout: 0 attr, 1-2 life, 3-4 mapped, 5-6 shortPins, 7-8 longPins,
/// 9 guestMapped, 10 iommuMapped, 11 data, 12 expected, 13 migrated,
/// 14 stalePins, 15 pieceFreed. Counters hold 0...3. Fields a configuration
/// does not use stay zero.
public struct Subpage: Hashable, Sendable {
  public var raw: UInt16

  public init(raw: UInt16) { self.raw = raw }

  public init(attr: Attr) { self.raw = UInt16(attr.rawValue) }

  /// The largest value a counter field holds.
  public static let counterCapacity = 3

  @inline(__always)
  private func field(_ shift: UInt16, _ width: UInt16) -> Int {
    Int((raw >> shift) & ((1 << width) - 1))
  }

  @inline(__always)
  private mutating func setField(_ shift: UInt16, _ width: UInt16, _ value: Int) {
    let mask: UInt16 = ((1 << width) - 1) << shift
    raw = (raw & ~mask) | ((UInt16(truncatingIfNeeded: value) << shift) & mask)
  }

  public var attr: Attr {
    get { Attr(rawValue: UInt8(field(0, 1)))! }
    set { setField(0, 1, Int(newValue.rawValue)) }
  }
  public var life: Life {
    get { Life(rawValue: UInt8(field(1, 2)))! }
    set { setField(1, 2, Int(newValue.rawValue)) }
  }
  /// Host userspace PTEs over the shared mmap (mapcount).
  public var mapped: Int {
    get { field(3, 2) }
    set { setField(3, 2, newValue) }
  }
  /// Transient GUP pins (O_DIRECT in flight).
  public var shortPins: Int {
    get { field(5, 2) }
    set { setField(5, 2, newValue) }
  }
  /// FOLL_LONGTERM pins (VFIO/IOMMU DMA).
  public var longPins: Int {
    get { field(7, 2) }
    set { setField(7, 2, newValue) }
  }
  /// A KVM stage-2 mapping (SPTE) exists.
  public var guestMapped: Bool {
    get { field(9, 1) != 0 }
    set { setField(9, 1, newValue ? 1 : 0) }
  }
  /// `longTermPins: pfnCallback`: the IOMMU maps the PFN without a page
  /// reference, registered for invalidation.
  public var iommuMapped: Bool {
    get { field(10, 1) != 0 }
    set { setField(10, 1, newValue ? 1 : 0) }
  }
  /// `trackData`: the content is written (else zero).
  public var written: Bool {
    get { field(11, 1) != 0 }
    set { setField(11, 1, newValue ? 1 : 0) }
  }
  /// `trackData`: the ghost copy: what the content should be.
  public var expectedWritten: Bool {
    get { field(12, 1) != 0 }
    set { setField(12, 1, newValue ? 1 : 0) }
  }
  /// `migration: shared4K`: the file index is served by a standalone 4K
  /// page, not by its piece of the folio.
  public var migrated: Bool {
    get { field(13, 1) != 0 }
    set { setField(13, 1, newValue ? 1 : 0) }
  }
  /// `migratePinned` mutant: the pins still reference the old page.
  public var stalePins: Bool {
    get { field(14, 1) != 0 }
    set { setField(14, 1, newValue ? 1 : 0) }
  }
  /// For a migrated index: its piece of the folio is freed (waiting to be
  /// merged) rather than a hole of a folio in the pool.
  public var pieceFreed: Bool {
    get { field(15, 1) != 0 }
    set { setField(15, 1, newValue ? 1 : 0) }
  }

  /// The life of the folio's piece at this index: the index's own life,
  /// unless the index migrated out, when the piece is freed or a hole.
  public var pieceLife: Life {
    migrated ? (pieceFreed ? .freed : .hole) : life
  }

  public var isPinned: Bool { shortPins > 0 || longPins > 0 }
  /// Any host or device reference: PTE or pin.
  public var hasHostReference: Bool { mapped > 0 || isPinned }
}
