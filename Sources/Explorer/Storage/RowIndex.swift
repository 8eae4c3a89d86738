/// Where each expanded state's transitions start in the graph's arrays,
/// in about 1.25 bytes a state instead of a 4-byte start each: a byte of
/// out-degree per state, and every 16th state's start. A start is found
/// by adding at most 15 degrees to the nearest such start.
///
/// A degree of 255 or more is kept apart (`wide`): the byte says only
/// that it is there. Starts are 32-bit; the search stops before 2^32
/// transitions.
public final class RowIndex: @unchecked Sendable {
  @usableFromInline static var blockBits: Int { 4 }
  @usableFromInline let degrees = ChunkedArray<UInt8>()
  /// The start of state 16k's row, for k up to `count / 16`.
  @usableFromInline let blockStarts = ChunkedArray<UInt32>()
  @usableFromInline @exclusivity(unchecked) var wide: [Int: Int] = [:]
  /// The end of the last row: where the next one starts.
  @exclusivity(unchecked) public private(set) var end = 0

  public init() { blockStarts.append(0) }

  /// Rows recorded: the expanded states.
  public var count: Int { degrees.count }

  /// Ends the next state's row at transition `rowEnd`.
  public func append(rowEnd: Int) {
    let degree = rowEnd - end
    if degree < 255 {
      degrees.append(UInt8(degree))
    } else {
      degrees.append(255)
      wide[degrees.count - 1] = degree
    }
    end = rowEnd
    if count & ((1 << Self.blockBits) - 1) == 0 { blockStarts.append(UInt32(rowEnd)) }
  }

  @inlinable @inline(__always)
  func degree(_ i: Int) -> Int {
    let d = degrees[i]
    return d < 255 ? Int(d) : wide[i]!
  }

  /// Where state `i`'s row starts, for `i` up to `count` (the end of the
  /// last row). O(16).
  @inlinable
  public func start(_ i: Int) -> Int {
    let block = i >> Self.blockBits
    var s = Int(blockStarts[block])
    var j = block << Self.blockBits
    while j < i {
      s += degree(j)
      j += 1
    }
    return s
  }

  /// State `i`'s transitions. O(16).
  @inlinable
  public func row(_ i: Int) -> Range<Int> {
    let s = start(i)
    return s..<(s + degree(i))
  }

  /// Every row start, and the end (for tests).
  public var starts: [Int] {
    var result = [0]
    var s = 0
    for i in 0..<count {
      s += degree(i)
      result.append(s)
    }
    return result
  }

  public var bytes: Int { degrees.bytes + blockStarts.bytes + wide.count * 32 }

  /// The bytes one more row could add.
  public var bytesToAppendOne: Int { degrees.bytesToAppend(1) + blockStarts.bytesToAppend(1) }
}
