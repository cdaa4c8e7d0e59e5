package io.github.modalemulator.internal.runtime;

/**
 * An input as its pool sees it: it waits for a slot, holds one in a container until it is released,
 * and has deadlines that the autoscaler's rounds check.
 */
interface PoolInput {
  /**
   * When it arrived, on the pool's ticker: a container that became ready later was a cold start.
   */
  long arrivedAt();

  /**
   * A waiting input got its slot (outside the pool's lock, on the thread that freed or made it).
   */
  void leased(Container container, boolean coldStart);

  /** A waiting input gets no container. */
  void refused(ContainerPool.Refusal refusal);

  /**
   * The autoscaler's round, for an input holding a slot: act on deadlines passed by {@code now}.
   */
  void checkDeadlines(long now);

  /**
   * Whether its answer is on its way (its response has begun): the client may have it whole a
   * moment before the code returns and lets the slot go.
   */
  default boolean answered() {
    return false;
  }
}
