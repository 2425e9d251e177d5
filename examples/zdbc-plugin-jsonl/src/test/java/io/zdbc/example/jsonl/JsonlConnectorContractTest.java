package io.zdbc.example.jsonl;

import io.zdbc.engine.contract.ConnectorContract;
import io.zdbc.spi.Connector;
import java.nio.charset.StandardCharsets;

/** The published connector test kit, run on the example plugin as a third party would run it. */
class JsonlConnectorContractTest extends ConnectorContract {
    private final JsonlConnector connector = new JsonlConnector();

    @Override
    protected Connector connector() {
        return connector;
    }

    @Override
    protected byte[] malformedFile() {
        return "[1, 2]\n".getBytes(StandardCharsets.UTF_8); // a line that is not an object
    }

    /** JSON has no NaN or infinities: the export writes null, which imports as NaN. */
    @Override
    protected double afterRoundTrip(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }

    /** An empty table exports to an empty file, which names no columns. */
    @Override
    protected boolean emptyExportHasColumns() {
        return false;
    }
}
