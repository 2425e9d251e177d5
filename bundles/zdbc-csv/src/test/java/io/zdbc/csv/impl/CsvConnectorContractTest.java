package io.zdbc.csv.impl;

import io.zdbc.engine.contract.ConnectorContract;
import io.zdbc.spi.Connector;
import java.nio.charset.StandardCharsets;

class CsvConnectorContractTest extends ConnectorContract {
    private final CsvConnector connector = new CsvConnector();

    @Override
    protected Connector connector() {
        return connector;
    }

    @Override
    protected byte[] malformedFile() {
        return "a,a\n1,2\n".getBytes(StandardCharsets.UTF_8); // a column named twice
    }
}
