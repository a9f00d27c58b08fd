package dev.asiscope.sim.engine;

/** A scenario asked the machine to do something impossible (an operation in the wrong context, ...). */
public final class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public SimulationException(String message) {
        super(message);
    }
}
