/// Bounds that may stop a search before it has seen every state.
public struct SearchLimits: Sendable, Equatable {
  /// The most distinct states stored; finding one more stops the search.
  public var maxStates: Int
  /// The greatest depth (steps from an initial state) explored, if any.
  public var maxDepth: Int?
  /// The most bytes the search's tables, links and queues may take, if
  /// any: a search stops before a growth would pass it.
  public var maxBytes: Int?

  /// About 1.2 GB of a 32-byte-state model: large enough for the models a
  /// newcomer runs, small enough not to exhaust a laptop.
  public static let defaultMaxStates = 20_000_000

  public init(maxStates: Int = SearchLimits.defaultMaxStates, maxDepth: Int? = nil, maxBytes: Int? = nil) {
    precondition(maxStates >= 1 && maxStates < Int(UInt32.max), "maxStates out of range")
    precondition(maxDepth.map { $0 >= 0 } ?? true, "maxDepth must not be negative")
    self.maxStates = maxStates
    self.maxDepth = maxDepth
    self.maxBytes = maxBytes
  }
}
