package io.zdbc.feather.impl;

import io.zdbc.engine.contract.ConnectorContract;
import io.zdbc.spi.Connector;
import java.nio.charset.StandardCharsets;

class FeatherConnectorContractTest extends ConnectorContract {
    private final FeatherConnector connector = new FeatherConnector();

    @Override
    protected Connector connector() {
        return connector;
    }

    @Override
    protected byte[] malformedFile() {
        return "ARROW1 these bytes are not an Arrow IPC file".getBytes(StandardCharsets.US_ASCII);
    }
}
