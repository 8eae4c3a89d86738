/// A state the engine can store: equality plus a well-mixed 64-bit hash.
///
/// The engine keeps 32 bits of the fingerprint in its hash table to skip
/// most full comparisons, so all 64 bits should depend on every field.
public protocol Fingerprinted: Equatable {
  var fingerprint: UInt64 { get }
}

/// A finite transition system: the model side of a check.
///
/// `Label` names a transition (an action and whatever the model wants a
/// trace to show of it). Successors must be a pure function of the state:
/// the same state always yields the same labelled successors in the same
/// order, which is what makes counts and traces reproducible.
public protocol TransitionSystem {
  associatedtype State: Fingerprinted
  associatedtype Label

  /// The initial states, in a fixed order.
  func initialStates() -> [State]

  /// Calls `body` once per transition out of `state`. Self-loops may be
  /// left out: they never change what is reachable or a shortest path.
  func forEachSuccessor(of state: State, _ body: (Label, State) -> Void)
}
