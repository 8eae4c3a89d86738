/// A named property of states.
///
/// Only `always` (an invariant, checked in every reachable state) exists
/// today; liveness kinds will join it as further cases.
public struct Property<State> {
  public enum Kind: Sendable { case always }

  public let name: String
  public let kind: Kind
  public let holds: (State) -> Bool

  public init(always name: String, _ holds: @escaping (State) -> Bool) {
    self.name = name
    self.kind = .always
    self.holds = holds
  }
}
