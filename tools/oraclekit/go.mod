module spacesbackupidentity/tools/oraclekit

go 1.24.0
