/// One subpage's fields, packed in 16 bits (a lane of `GmemState`).
///
/// Bit layout: 0 attr, 1-2 life, 3-5 mapped, 6-8 shortPins, 9-11 longPins,
/// 12 guestMapped; 13-15 are free. Counters hold 0...7.
public struct Subpage: Hashable, Sendable {
  public var raw: UInt16

  public init(raw: UInt16) { self.raw = raw }

  public init(attr: Attr) { self.raw = UInt16(attr.rawValue) }

  /// The largest value a counter field holds.
  public static let counterCapacity = 7

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
    get { field(3, 3) }
    set { setField(3, 3, newValue) }
  }
  /// Transient GUP pins (O_DIRECT in flight).
  public var shortPins: Int {
    get { field(6, 3) }
    set { setField(6, 3, newValue) }
  }
  /// FOLL_LONGTERM pins (VFIO/IOMMU DMA).
  public var longPins: Int {
    get { field(9, 3) }
    set { setField(9, 3, newValue) }
  }
  /// A KVM stage-2 mapping (SPTE) exists.
  public var guestMapped: Bool {
    get { field(12, 1) != 0 }
    set { setField(12, 1, newValue ? 1 : 0) }
  }

  public var isPinned: Bool { shortPins > 0 || longPins > 0 }
  /// Any host or device reference: PTE or pin.
  public var hasHostReference: Bool { mapped > 0 || isPinned }
}
