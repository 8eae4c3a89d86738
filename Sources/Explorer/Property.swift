/// A named safety property of states: it must hold in every reachable
/// state (TLA+'s `[]P`, Stateright's `always`).
public struct Property<State> {
  public let name: String
  public let holds: (State) -> Bool

  public init(always name: String, _ holds: @escaping (State) -> Bool) {
    self.name = name
    self.holds = holds
  }
}

/// A named liveness property: whatever is awaited is eventually reached,
/// on every path that is fair (see `Fairness`).
///
/// It is violated by a fair path that, from some point on, stays in
/// `waiting` states for ever (a fair cycle, or a dead end, inside them), or
/// by a transition that `abandons` what was awaited (it can no longer
/// happen: a request refused).
public struct Eventually<State, Label> {
  public let name: String
  public let waiting: (State) -> Bool
  public let abandons: ((State, Label, State) -> Bool)?

  public init(
    _ name: String, waiting: @escaping (State) -> Bool,
    abandons: ((State, Label, State) -> Bool)? = nil
  ) {
    self.name = name
    self.waiting = waiting
    self.abandons = abandons
  }
}

/// Weak fairness on classes of transitions: on a fair path, a class that
/// is enabled in every state from some point on is taken infinitely often.
/// `classOf` names the class of a transition's label, or nil for a
/// transition no fairness covers.
public struct Fairness<Label> {
  public let classes: [String]
  public let classOf: (Label) -> Int?

  public init(classes: [String], classOf: @escaping (Label) -> Int?) {
    self.classes = classes
    self.classOf = classOf
  }

  public static var none: Fairness { Fairness(classes: []) { _ in nil } }
}
