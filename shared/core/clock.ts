/** What reads the time: a use case's dependencies, whose `now` tests and the bench replace. */
export interface Clocked {
  /** The clock; the system's when absent. */
  now?: () => Date;
}

/** The current time by the dependencies' clock (the system's unless one is given). */
export const nowOf = (deps: Clocked): Date => (deps.now ? deps.now() : new Date());
