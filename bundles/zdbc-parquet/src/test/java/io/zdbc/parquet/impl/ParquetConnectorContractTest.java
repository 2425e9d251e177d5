package io.zdbc.parquet.impl;

import io.zdbc.engine.contract.ConnectorContract;
import io.zdbc.spi.Connector;
import java.nio.charset.StandardCharsets;

class ParquetConnectorContractTest extends ConnectorContract {
    private final ParquetConnector connector = new ParquetConnector();

    @Override
    protected Connector connector() {
        return connector;
    }

    @Override
    protected byte[] malformedFile() {
        return "PAR1 these bytes are not a Parquet file PAR1".getBytes(StandardCharsets.US_ASCII);
    }
}
